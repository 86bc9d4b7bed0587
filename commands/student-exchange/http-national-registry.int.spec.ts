// The HTTP adapter of the national-registry port with its real code over HTTP against the stand-in
// built from CONTRACT.md: signed requests, batches of 500 with the receipt's indexes into the whole
// submission, the student list page by page, and each failure as one error kind in Chinese. Not run
// against the national system (its interface was not available).
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createSecretKey } from 'node:crypto';
import { startNationalRegistryStandin, type NationalRegistryStandin } from '../../testing/national-registry-standin';
import { httpNationalRegistry } from './http-national-registry';
import { NationalRegistryError } from './national-registry';

const registration = (n: number, school = '52101') => ({ XXDM: school, XM: `学生${n}`, SFZH: `5201022010${String(n).padStart(8, '0')}`, ZYDM: '0101-4', XJZT: '01', RXNF: '2026', PYCC: '1', XXXS: '1' });

describe('the national registry HTTP adapter against the stand-in', () => {
  let standin: NationalRegistryStandin;
  const endpoint = (over: { appSecret?: string; timeoutMs?: number } = {}) =>
    httpNationalRegistry({ baseUrl: standin.url, appId: 'gz-skills', appSecret: createSecretKey(Buffer.from(over.appSecret ?? 'national-secret', 'utf8')), timeoutMs: over.timeoutMs ?? 5000 });
  beforeAll(async () => {
    standin = await startNationalRegistryStandin({ appId: 'gz-skills', appSecret: 'national-secret', schools: ['52101', '52102'], students: [registration(9001, '52102')] });
  });
  afterEach(() => {
    standin.fault = 'none';
  });
  afterAll(async () => standin.close());

  it('submits registrations in signed batches of at most 500, the receipt indexing the whole submission', async () => {
    const records = [...Array.from({ length: 600 }, (_, i) => registration(i + 1)), { ...registration(601), XXDM: '99999' }, { ...registration(9001) }];
    const receipt = await endpoint().submit('registrations', records);
    expect(standin.requests.filter((r) => r.path === '/v1/registrations/batch').map((r) => (r.body as { records: unknown[] }).records.length)).toEqual([500, 102]);
    expect(receipt.accepted).toBe(600);
    expect(receipt.rejected).toEqual([
      { index: 600, code: '2002', message: '学校代码不存在：99999' },
      { index: 601, code: '2001', message: '身份证号已在其他学校注册' },
    ]);
    expect(receipt.batchId).toBe('B000001,B000002');
  });

  it('reads a school\'s student list page by page', async () => {
    const students = await endpoint().studentList('52101');
    expect(students.length).toBe(600);
    expect(standin.requests.filter((r) => r.path === '/v1/students/query').map((r) => (r.body as { page: number }).page)).toEqual([1]);
    expect(students[0]).toEqual({ row: 1, schoolCode: '52101', name: '学生1', idNumber: '520102201000000001', majorCode: '0101-4', statusCode: '01', cohortYear: '2026', classTypeCode: '1', studyModeCode: '1' });
  });

  it('maps each failure to one kind with a Chinese message', async () => {
    const failure = async (run: () => Promise<unknown>) => {
      const error = await run().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NationalRegistryError);
      return { kind: (error as NationalRegistryError).kind, message: (error as NationalRegistryError).message };
    };
    expect(await failure(() => endpoint({ appSecret: 'wrong' }).studentList('52101'))).toEqual({ kind: 'rejected', message: '全国技工院校学籍系统拒绝了请求（身份或参数不符），请联系系统管理员核对接口配置' });
    standin.fault = 'server-error';
    expect((await failure(() => endpoint().studentList('52101'))).kind).toBe('unavailable');
    standin.fault = 'not-json';
    expect((await failure(() => endpoint().studentList('52101'))).kind).toBe('protocol');
    standin.fault = 'hang';
    expect(await failure(() => endpoint({ timeoutMs: 300 }).studentList('52101'))).toEqual({ kind: 'timeout', message: '全国技工院校学籍系统未在规定时间内应答，请稍后重试' });
  });
});
