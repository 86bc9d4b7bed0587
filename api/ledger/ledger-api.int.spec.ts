// The ledger for the audit administrator over real HTTP: signed digests, the public key, and an
// inclusion proof that the offline verifier accepts.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import pactum from 'pactum';
import { createLedger } from '../../commands/ledger/ledger';
import { signerFromPrivateKey } from '../../commands/ledger/signing';
import { verifyDigest, verifyInclusion } from '../../commands/ledger/verify';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { waitUntil } from '../../testing/wait-until';

describe('ledger digests and proofs (GraphQL over real HTTP)', () => {
  let api: ApiHarness;
  let auditor: Session;
  let school: Session;

  beforeAll(async () => {
    api = await startApiHarness();
    [auditor, school] = await Promise.all([api.login('auditAdmin'), api.login('nanmingSchool')]);
    const { privateKey } = generateKeyPairSync('ed25519');
    // Wait until everything written so far is readable, then sign a digest over it. The last
    // committed position, not the readable head: that one stops below any transaction still open
    // on the shared test server (waiting for the head to reach itself waited for nothing).
    const [row] = await api.platform.knex('events').max<{ p: string | null }[]>({ p: 'position' });
    const written = BigInt(row?.p ?? 0);
    await waitUntil(() => api.platform.store.headPosition(), (head) => head >= written, { what: `position ${written} to become readable`, timeoutMs: 30_000 });
    await createLedger({ store: api.platform.store, knex: api.platform.knex, signer: signerFromPrivateKey(privateKey, { keyId: 'test-key' }) }).recordDigest();
  });
  afterAll(async () => api.close());

  it('lists signed digests and publishes the public key; an inclusion proof verifies offline', async () => {
    const digests = await api.graphql<{ ledgerDigests: { total: number; items: { treeSize: string; export: Record<string, unknown> }[] } }>(auditor, '{ ledgerDigests { total items { treeSize export } } }');
    expect(digests.data!.ledgerDigests.total).toBe(1);
    const kept = digests.data!.ledgerDigests.items[0]!.export;
    const publicKey = await pactum.spec().get(`${api.url}/ledger/public-key`).expectStatus(200).toss();
    expect(String(publicKey.body)).toMatch(/BEGIN PUBLIC KEY/);
    expect(verifyDigest(kept as never, String(publicKey.body)).valid).toBe(true);

    const [event] = await api.platform.store.readStream(`user-${api.userIds.nanmingSchool}`, { maxCount: 1 });
    const proof = await api.graphql<{ ledgerInclusionProof: { intact: boolean; export: unknown } }>(auditor, 'query($e: ID!) { ledgerInclusionProof(eventId: $e) { intact export } }', { e: event!.id });
    expect(proof.data!.ledgerInclusionProof.intact).toBe(true);
    expect(verifyInclusion(proof.data!.ledgerInclusionProof.export as never, kept as never, String(publicKey.body)).valid).toBe(true);
    const audited = await api.platform.store.readStream(`audit-export-${api.userIds.auditAdmin}`);
    expect(audited.map((e) => e.type)).toContain('LedgerProofExported');
  });

  it('refuses business users', async () => {
    expect((await api.graphql(school, '{ ledgerDigests { total } }')).errors![0]!.extensions.code).toBe('FORBIDDEN');
  });
});
