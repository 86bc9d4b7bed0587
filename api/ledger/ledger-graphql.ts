// Ledger digests for the audit administrator: the signed digests to keep outside the system, and
// inclusion proofs to check offline against a kept digest (README, "Ledger digests"). A proof
// carries the event as stored, so asking for one is recorded like any view of a record.
import { z } from 'zod';
import { LedgerError } from '../../commands/ledger/ledger';
import { recordFact } from '../../commands/pipeline/record-fact';
import { parseInput } from '../../domain/shared/validation';
import type { GraphQLContext } from '../graphql/context';
import { clientError } from '../graphql/errors';
import { parsePage, refuseSort } from '../graphql/pagination';

export const ledgerTypeDefs = /* GraphQL */ `
  type LedgerDigest {
    digestId: String!
    treeSize: String!
    root: String!
    lastPosition: String!
    createdAt: String!
    algorithm: String!
    keyId: String!
    "审计员保存的摘要文件（JSON）"
    export: JSON!
  }
  type LedgerDigestPage {
    items: [LedgerDigest!]!
    total: Int!
    page: Int!
    pageSize: Int!
  }
  type LedgerPublicKey {
    keyId: String!
    algorithm: String!
    publicKeyPem: String!
    fingerprint: String!
  }
  type LedgerInclusionProof {
    treeSize: String!
    leafIndex: String!
    "事件在记入账本后是否未被改动"
    intact: Boolean!
    "可离线校验的证明文件（JSON）"
    export: JSON!
  }
  extend type Query {
    "账本摘要（已签名），最新的在前（不接受 sortBy）"
    ledgerDigests(page: PageInput): LedgerDigestPage!
    ledgerPublicKey: LedgerPublicKey
    "某一事件相对某一摘要（默认最新）的包含证明"
    ledgerInclusionProof(eventId: ID!, treeSize: String): LedgerInclusionProof!
  }
`;

const argsSchema = z.object({
  eventId: z.uuid({ error: '事件编号格式不正确' }),
  treeSize: z.string().regex(/^[1-9][0-9]{0,18}$/, { error: '账本大小应为正整数' }).optional().nullable(),
});

const asClientError = (error: unknown): never => {
  if (error instanceof LedgerError) {
    throw clientError(error.code === 'not-in-tree' || error.code === 'bad-tree-size' ? 'BAD_USER_INPUT' : 'NOT_FOUND', error.message);
  }
  throw error;
};

export const ledgerResolvers = {
  Query: {
    async ledgerDigests(_: unknown, args: { page?: unknown }, ctx: GraphQLContext) {
      ctx.require('audit:read');
      const page = parsePage(args.page);
      // The ledger pages its digests itself, newest first; there is nothing else to sort them by.
      refuseSort(page, '账本摘要按生成顺序排列，不能指定排序字段');
      const result = await ctx.platform.ledger.digests(page.page, page.pageSize);
      const items = await Promise.all(
        result.items.map(async (d) => ({
          ...d,
          digestId: d.digestId.toString(),
          treeSize: d.treeSize.toString(),
          lastPosition: d.lastPosition.toString(),
          export: await ctx.platform.ledger.exportDigest(d),
        })),
      );
      return { items, total: Number(result.total), page: page.page, pageSize: page.pageSize };
    },
    async ledgerPublicKey(_: unknown, _args: unknown, ctx: GraphQLContext) {
      ctx.require('audit:read');
      const latest = await ctx.platform.ledger.latestDigest().catch(() => undefined);
      return latest ? ((await ctx.platform.ledger.recordedPublicKey(latest.keyId)) ?? null) : null;
    },
    async ledgerInclusionProof(_: unknown, args: { eventId: string; treeSize?: string | null }, ctx: GraphQLContext) {
      ctx.require('audit:read');
      const input = parseInput(argsSchema, args);
      const proof = await ctx.platform.ledger.inclusionProof({ eventId: input.eventId }, input.treeSize ? BigInt(input.treeSize) : undefined).catch(asClientError);
      await recordFact(ctx.platform.store, `audit-export-${ctx.user.id}`, { type: 'LedgerProofExported', data: { eventId: input.eventId, treeSize: proof.treeSize } }, ctx.request());
      return { treeSize: proof.treeSize, leafIndex: proof.leafIndex, intact: proof.leafHash === proof.storedLeafHash, export: proof };
    },
  },
};
