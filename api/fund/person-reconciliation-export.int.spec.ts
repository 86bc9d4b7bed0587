// 个人对账's .xlsx export over real HTTP, around its data: the permission (subsidy:read), the ID number
// checked by the query's own schema (refused in Chinese, nothing recorded), the file's columns, and
// the export recorded with the ID number masked. A person with paid and failed lines is exported in
// the browser test (scripts/e2e/reconciliation.e2e.spec.ts, on the demo data); the lines' figures
// come from the same function as personPaymentReconciliation (api/fund/person-reconciliation.ts),
// whose answers the school-aid and personal-subsidy API specs check to the fen.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { download, idNumber, readXlsxBytes, XLSX_TYPE } from '../../testing/spreadsheets';

const PERSON = idNumber('520102', '19900307', 123);
const url = (filter?: unknown) => `/export/person-reconciliation.xlsx${filter === undefined ? '' : `?filter=${encodeURIComponent(JSON.stringify(filter))}`}`;

describe('个人对账 export (.xlsx)', () => {
  let api: ApiHarness;
  let registrar: Session;
  let systemAdmin: Session;
  const recorded = async () => (await api.platform.store.readStream(`audit-export-${api.userIds.nanmingRegistrar}`)).map((e) => e.data);

  beforeAll(async () => {
    api = await startApiHarness();
    [registrar, systemAdmin] = await Promise.all([api.login('nanmingRegistrar'), api.login('systemAdmin')]);
  });
  afterAll(async () => api.close());

  it('refuses a missing or malformed ID number in Chinese and records nothing; refuses a user without subsidy:read', async () => {
    const missing = await download(api.url, registrar, url());
    expect([missing.status, missing.json.errors?.[0]?.extensions.fields]).toEqual([400, [{ field: 'idNumber', message: '请输入身份证号码' }]]);
    const short = await download(api.url, registrar, url({ idNumber: '5201021990' }));
    expect([short.status, short.json.errors?.[0]?.extensions.fields]).toEqual([400, [{ field: 'idNumber', message: '身份证号码应为18位' }]]);
    const extra = await download(api.url, registrar, url({ idNumber: PERSON, fundId: 'x' }));
    expect([extra.status, extra.json.errors?.[0]?.message]).toEqual([400, '“个人对账”列表没有筛选条件“fundId”']);
    expect(await recorded()).toEqual([]);
    expect((await download(api.url, systemAdmin, url({ idNumber: PERSON }))).status).toBe(403);
  });

  it('writes the lines under their headers and records the export with the ID number masked', async () => {
    const file = await download(api.url, registrar, url({ idNumber: PERSON }));
    expect([file.status, file.headers['content-type']]).toEqual([200, XLSX_TYPE]);
    const [sheet] = await readXlsxBytes(file.buffer);
    expect(sheet!.name).toBe('个人对账');
    // Nobody was paid anything under this number in this database: the headers alone.
    expect(sheet!.rows.map((r) => r.values)).toEqual([
      ['身份证号码', '记录类型', '补贴项目', '审核金额', '已支付', '支付失败', '核减', '待支付', '支付状态', '原支付失败后重新支付次数', '对账', '审核金额（分）'],
    ]);
    expect(await recorded()).toEqual([{ list: 'person-reconciliation', filter: { idNumber: `520102********${PERSON.slice(-4)}` }, format: 'xlsx' }]);
  });
});
