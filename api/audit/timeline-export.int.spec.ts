// The timeline export, downloaded as a user does and checked offline by the documented command;
// a byte changed in the file is caught.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pactum from 'pactum';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';

const verify = (file: string) => spawnSync('node_modules/.bin/tsx', ['scripts/verify-export.ts', file], { encoding: 'utf8', timeout: 60_000 });

describe('timeline export', () => {
  let api: ApiHarness;
  let auditor: Session;
  let outsider: Session;
  let dir: string;
  let streamId: string;

  beforeAll(async () => {
    api = await startApiHarness();
    [auditor, outsider] = await Promise.all([api.login('auditAdmin'), api.login('zunyiReviewer')]);
    dir = mkdtempSync(path.join(tmpdir(), 'gz-export-'));
    const school = await api.login('nanmingSchool');
    const declared = await api.graphql<{ declareOccupation: { streamId: string } }>(school, 'mutation { declareOccupation(details: { code: "6-31-01-03", name: "电工", level: "5", hours: 90 }, submit: true) { streamId } }');
    streamId = declared.data!.declareOccupation.streamId;
    await api.platform.runner.waitFor(await api.platform.store.headPosition());
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await api.close();
  });

  const download = (session: Session, id: string) =>
    pactum.spec().get(`${api.url}/audit/timeline-export`).withQueryParams('streamId', id).withHeaders({ cookie: session.cookie }).toss();

  it('downloads a file the offline command verifies, and records the export', async () => {
    const response = await download(auditor, streamId);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toContain(`timeline-${streamId}.json`);
    const file = path.join(dir, 'ok.json');
    writeFileSync(file, JSON.stringify(response.json));
    const result = verify(file);
    expect(result.stdout).toContain(`时间线完好：${streamId}，2 个事件`);
    expect(result.status).toBe(0);
    expect((await api.platform.store.readStream(`audit-export-${api.userIds.auditAdmin}`)).map((e) => e.type)).toContain('AuditTimelineExported');
  });

  it('catches a changed value in the file', async () => {
    const body = (await download(auditor, streamId)).json as { events: { data: { details?: { hours: number } } }[] };
    body.events[0]!.data.details!.hours = 900;
    const file = path.join(dir, 'changed.json');
    writeFileSync(file, JSON.stringify(body));
    const result = verify(file);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('第 0 号事件（OccupationDeclared）');
  });

  it('refuses a record outside the user\'s scope', async () => {
    expect((await download(outsider, streamId)).statusCode).toBe(403);
  });
});
