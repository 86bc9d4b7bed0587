// Blank diplomas and their issue over real HTTP (issue 15 §5): a school requests numbered blanks,
// the province approves and the numbers are allocated; the school issues one to its graduate (not
// twice, not to a student still in school) and spoils another; every number is accounted for; a
// school of another prefecture sees nothing and writes nothing. The diploma is approved by the
// province before it prints; an amendment and a reprint each take a new number and, approved, void
// the old one (allocated = in stock + issued + spoiled + void).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseChangeInput } from '../../domain/student/student-change';
import { registrationInputSchema } from '../../domain/student/student-input';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { ORGS } from '../../testing/seed';
import { idNumber } from '../../testing/spreadsheets';
import { actingAs, approvedTestMajor, chinaDay, createTestSchool, extraUser, openTestWindow, testRegistration } from '../../testing/technical-school';

const STOCK = 'query($s: ID!) { diplomaStock(schoolId: $s) { allocated inStock issued spoiled voided awaitingApproval balanced requested reviewStatus underReviewLabel numbers { number stateLabel studentName outcomeLabel reason kindLabel replaces replacedBy correctionsText } } }';

describe('blank diplomas and their issue (GraphQL over real HTTP)', () => {
  let api: ApiHarness;
  let reviewer: Session;
  let school: Session;
  let outsider: Session;
  let A: string;
  let graduate: string;
  let inSchool: string;

  beforeAll(async () => {
    api = await startApiHarness();
    A = await createTestSchool(api.platform, { name: '贵州省交通技师学院', authorityId: ORGS.province, code: '52301' });
    const C = await createTestSchool(api.platform, { name: '遵义市技师学院', authorityId: ORGS.zunyi, code: '52303', divisionCode: '520300' });
    const major = await approvedTestMajor(api.platform, A, [ORGS.province]);
    await openTestWindow(api.platform, ORGS.province);
    // A fresh request context (command id) per command: a reused one is a retry, and writes nothing.
    const as = () => actingAs(`op-${A}`, A, 'school_operator');
    const rev = () => actingAs('rev', ORGS.province, 'reviewer');
    const ids: string[] = [];
    for (const [i, number] of [idNumber('520102', '20080506', 151), idNumber('520103', '20080708', 162)].entries()) {
      const input = registrationInputSchema(chinaDay(0)).parse({ ...testRegistration(number, major, { name: i === 0 ? '王小红' : '李明', enrolledOn: chinaDay(-30) }), phone: null });
      const registered = await api.platform.commands.students.register(A, input, as(), { submit: true });
      await api.platform.commands.reviews.approve(registered.streamId, '同意', [], rev());
      ids.push(registered.streamId.slice('student-'.length));
    }
    [graduate, inSchool] = ids as [string, string];
    const graduation = await api.platform.commands.students.applyForChange(graduate, A, parseChangeInput({ kind: 'graduate', effectiveOn: chinaDay(0), reason: '修完全部课程，考核合格' }), as(), { submit: true });
    await api.platform.commands.reviews.approve(graduation.streamId, '同意', [], rev());
    [reviewer, school, outsider] = await Promise.all([
      extraUser(api, { username: 'by_shenhe', orgId: ORGS.province, roles: ['reviewer'] }).then((u) => u.session),
      extraUser(api, { username: 'by_jt', orgId: A, roles: ['school_operator'] }).then((u) => u.session),
      extraUser(api, { username: 'by_zy', orgId: C, roles: ['school_operator'] }).then((u) => u.session),
    ]);
  }, 120_000);
  afterAll(async () => api.close());
  const stock = async (session: Session) => (await api.graphql<{ diplomaStock: Record<string, unknown> | null }>(session, STOCK, { s: A }, await api.settled())).data!.diplomaStock;
  const eventCount = async () => Number((await api.platform.knex('events').count({ n: '*' }))[0]!.n);

  it('a school requests numbered blanks; the province approves and the numbers are allocated', async () => {
    const bad = await api.graphql(school, 'mutation { requestDiplomaStock(quantity: 0, reason: "毕业季") { id } }');
    expect(bad.errors![0]!.extensions.fields).toEqual([{ field: 'quantity', message: expect.stringContaining('申领数量') }]);
    const requested = await api.graphql<{ requestDiplomaStock: { streamId: string } }>(school, 'mutation { requestDiplomaStock(quantity: 5, reason: "2027届毕业生", submit: true) { streamId } }');
    expect(requested.errors).toBeUndefined();
    expect(await stock(school)).toMatchObject({ allocated: 0, requested: 5, reviewStatus: 'pending' });
    const approved = await api.graphql(reviewer, `mutation { approveReview(streamId: "${requested.data!.requestDiplomaStock.streamId}", opinion: "同意") { revision } }`, {}, await api.settled());
    expect(approved.errors).toBeUndefined();
    expect(await stock(school)).toMatchObject({ allocated: 5, inStock: 5, issued: 0, spoiled: 0, balanced: true, requested: null, numbers: [{ number: '52301-000001', stateLabel: '库存' }, { number: '52301-000002' }, { number: '52301-000003' }, {}, {}] });
  });

  it('issues the first number to the graduate, once; a student still in school gets none; a spoiled blank is kept with its reason', async () => {
    expect((await api.graphql(school, `mutation { issueDiploma(studentId: "${graduate}") { revision } }`)).errors).toBeUndefined();
    expect((await api.graphql(school, `mutation { issueDiploma(studentId: "${graduate}") { revision } }`)).errors![0]!.message).toBe('王小红已发放毕业证（编号 52301-000001），不能重复发放');
    expect((await api.graphql(school, `mutation { issueDiploma(studentId: "${inSchool}") { revision } }`)).errors![0]!.message).toBe('李明不是本校已毕结业的学生，不能发放毕业证');
    expect((await api.graphql(school, 'mutation { spoilDiplomaBlank(number: "52301-000002", reason: "打印错位") { revision } }')).errors).toBeUndefined();
    expect(await stock(reviewer)).toMatchObject({
      allocated: 5,
      inStock: 3,
      issued: 1,
      awaitingApproval: 1,
      spoiled: 1,
      balanced: true,
      numbers: [
        { number: '52301-000001', stateLabel: '待审批', studentName: '王小红', outcomeLabel: '毕业', kindLabel: '发放' },
        { number: '52301-000002', stateLabel: '已作废', reason: '打印错位' },
        { number: '52301-000003', stateLabel: '库存' },
        {},
        {},
      ],
    });
  });

  it('the diploma prints only once the province approved it', async () => {
    expect((await api.graphql(school, 'mutation { printDiploma(number: "52301-000001") { fileName } }')).errors![0]!.message).toBe('编号 52301-000001 尚未经主管部门审批，不能打印');
    const submitted = await api.graphql(school, `mutation { submitForReview(streamId: "diploma-stock-${A}") { revision } }`);
    expect(submitted.errors).toBeUndefined();
    expect(await stock(school)).toMatchObject({ reviewStatus: 'pending', underReviewLabel: '毕业证审批 1 本' });
    expect((await api.graphql(reviewer, `mutation { approveReview(streamId: "diploma-stock-${A}", opinion: "同意") { revision } }`, {}, await api.settled())).errors).toBeUndefined();
    expect(await stock(school)).toMatchObject({ awaitingApproval: 0, issued: 1, numbers: [{ number: '52301-000001', stateLabel: '已发放' }, {}, {}, {}, {}] });
  });

  it('prints the issued diploma as a PDF, recording the print; a spoiled number prints nothing', async () => {
    const printed = await api.graphql<{ printDiploma: { fileName: string; contentBase64: string } }>(school, 'mutation { printDiploma(number: "52301-000001") { fileName contentBase64 } }');
    expect(printed.errors).toBeUndefined();
    expect(printed.data!.printDiploma.fileName).toBe('毕业证书-王小红-52301-000001.pdf');
    expect(Buffer.from(printed.data!.printDiploma.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect((await api.platform.store.readStream(`diploma-stock-${A}`)).at(-1)).toMatchObject({ type: 'DiplomaPrinted', data: { number: '52301-000001', studentId: graduate } });
    expect((await api.graphql(school, 'mutation { printDiploma(number: "52301-000002") { fileName } }')).errors![0]!.message).toBe('编号 52301-000002 不是本校已发放的毕业证');
  });

  it('an amendment and a reprint each take a new number; approved, the old number is void and the account balances', async () => {
    const empty = await api.graphql(school, 'mutation { amendDiploma(number: "52301-000001", corrections: {}, reason: "更正") { revision } }');
    expect(empty.errors![0]!.extensions.fields).toEqual([{ field: 'corrections', message: '请填写需要更正的内容' }]);
    const badDate = await api.graphql(school, 'mutation { amendDiploma(number: "52301-000001", corrections: { birthDate: "2008-02-30" }, reason: "更正") { revision } }');
    expect(badDate.errors![0]!.extensions.fields).toEqual([{ field: 'birthDate', message: '出生日期不是有效日期' }]);
    const amended = await api.graphql(school, 'mutation { amendDiploma(number: "52301-000001", corrections: { name: "王晓红" }, reason: "姓名录入错误") { revision } }');
    expect(amended.errors).toBeUndefined();
    const twice = await api.graphql(school, 'mutation { reprintDiploma(number: "52301-000001", reason: "遗失") { revision } }');
    expect(twice.errors![0]!.message).toBe('编号 52301-000001 已有待审批的更正申请（新编号 52301-000003）');
    expect((await api.graphql(school, `mutation { submitForReview(streamId: "diploma-stock-${A}") { revision } }`)).errors).toBeUndefined();
    expect((await api.graphql(reviewer, `mutation { approveReview(streamId: "diploma-stock-${A}", opinion: "同意") { revision } }`, {}, await api.settled())).errors).toBeUndefined();
    expect(await stock(school)).toMatchObject({
      allocated: 5,
      inStock: 2,
      issued: 1,
      spoiled: 1,
      voided: 1,
      balanced: true,
      numbers: [
        { number: '52301-000001', stateLabel: '已作废（被替换）', replacedBy: '52301-000003', reason: '姓名录入错误' },
        { number: '52301-000002', stateLabel: '已作废' },
        { number: '52301-000003', stateLabel: '已发放', kindLabel: '更正', replaces: '52301-000001', studentName: '王晓红', correctionsText: '姓名：王晓红' },
        { number: '52301-000004', stateLabel: '库存' },
        { number: '52301-000005', stateLabel: '库存' },
      ],
    });
    const printed = await api.graphql<{ printDiploma: { fileName: string } }>(school, 'mutation { printDiploma(number: "52301-000003") { fileName } }');
    expect(printed.data!.printDiploma.fileName).toBe('毕业证书-王晓红-52301-000003.pdf');
    expect((await api.graphql(school, 'mutation { printDiploma(number: "52301-000001") { fileName } }')).errors![0]!.message).toBe('编号 52301-000001 不是本校已发放的毕业证');
    // A reprint of the corrected diploma, refused by the province: its number returns to stock.
    expect((await api.graphql(school, 'mutation { reprintDiploma(number: "52301-000003", reason: "遗失") { revision } }')).errors).toBeUndefined();
    expect((await api.graphql(school, `mutation { submitForReview(streamId: "diploma-stock-${A}") { revision } }`)).errors).toBeUndefined();
    expect((await api.graphql(reviewer, `mutation { rejectReview(streamId: "diploma-stock-${A}", reason: "未附遗失声明") { revision } }`, {}, await api.settled())).errors).toBeUndefined();
    expect(await stock(school)).toMatchObject({ allocated: 5, inStock: 2, issued: 1, spoiled: 1, voided: 1, awaitingApproval: 0, balanced: true });
  });

  it('a school of another prefecture sees no stock and cannot issue to another school\'s graduate; nothing is written', async () => {
    const before = await eventCount();
    expect(await stock(outsider)).toBeNull();
    expect((await api.graphql<{ diplomaStocks: unknown[] }>(outsider, '{ diplomaStocks { schoolId } }')).data!.diplomaStocks).toEqual([]);
    expect((await api.graphql(outsider, `mutation { issueDiploma(studentId: "${graduate}") { revision } }`)).errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect((await api.graphql(outsider, 'mutation { reprintDiploma(number: "52301-000003", reason: "遗失") { revision } }')).errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect(await eventCount()).toBe(before);
  });
});
