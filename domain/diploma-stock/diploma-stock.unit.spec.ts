import { describe, expect, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { ForbiddenError, RuleViolationError, ValidationError } from '../shared/errors';
import { diplomaAccount, diplomaStockDecider, type DiplomaStockEvent, type GraduateFacts } from './diploma-stock';

const given = specification(diplomaStockDecider);
const A = 'school-a';
const NOW = '2027-07-01T02:00:00.000Z';
const school = testContext({ id: 'op', orgId: A }, NOW);
const province = testContext({ id: 'rev', orgId: 'prov' }, NOW);
const requested: DiplomaStockEvent = { type: 'DiplomaStockRequested', data: { schoolId: A, schoolCode: '52001', requestId: 'r1', quantity: 3, reason: '2027届毕业生' } };
const submitted: DiplomaStockEvent = { type: 'ReviewSubmitted', data: { round: 1, title: '', levels: ['province'], authorities: { province: 'prov' }, submitterOrgId: A, submitterId: 'op', note: '' } };
const approved: DiplomaStockEvent = { type: 'ReviewApproved', data: { round: 1, level: 'province', opinion: '同意', attachments: [], final: true } };
const allocated: DiplomaStockEvent = { type: 'DiplomaStockAllocated', data: { requestId: 'r1', numbers: ['52001-000001', '52001-000002', '52001-000003'] } };
const stocked = [requested, submitted, approved, allocated];
const graduate = (over: Partial<GraduateFacts> = {}): GraduateFacts => ({ studentId: 's1', name: '王小红', schoolId: A, outcome: 'graduated', on: '2027-06-30', ...over });
const fold = (events: DiplomaStockEvent[]) => events.reduce(diplomaStockDecider.evolve, diplomaStockDecider.initialState());

describe('blank diplomas', () => {
  it('a school requests blanks in its own name; not another school, not zero', () => {
    given().when({ type: 'RequestDiplomaStock', schoolId: A, schoolCode: '52001', requestId: 'r1', quantity: 3, reason: '2027届毕业生' }, school).then([requested]);
    given().when({ type: 'RequestDiplomaStock', schoolId: 'other', schoolCode: '52009', requestId: 'r1', quantity: 3, reason: '' }, school).thenThrows(ForbiddenError);
    given().when({ type: 'RequestDiplomaStock', schoolId: A, schoolCode: '52001', requestId: 'r1', quantity: 0, reason: '' }, school).thenThrows(ValidationError);
  });
  it('approval allocates numbered blanks continuing the school\'s serials', () => {
    given([requested, submitted]).when({ type: 'ApproveReview', opinion: '同意' }, province).then([approved, allocated]);
    const second: DiplomaStockEvent = { type: 'DiplomaStockRequested', data: { schoolId: A, schoolCode: '52001', requestId: 'r2', quantity: 2, reason: '补充' } };
    given([...stocked, second, { ...submitted, data: { ...submitted.data, round: 2 } } as DiplomaStockEvent])
      .when({ type: 'ApproveReview', opinion: '同意' }, province)
      .then([{ ...approved, data: { ...approved.data, round: 2 } } as DiplomaStockEvent, { type: 'DiplomaStockAllocated', data: { requestId: 'r2', numbers: ['52001-000004', '52001-000005'] } }]);
  });
  it('a second request while one is reviewed is refused', () =>
    given([requested, submitted]).when({ type: 'RequestDiplomaStock', schoolId: A, schoolCode: '52001', requestId: 'r2', quantity: 1, reason: '' }, school).thenThrows(RuleViolationError, '正在审核中'));
  it('issues the lowest number in stock to a graduate of the school, once', () => {
    const issued: DiplomaStockEvent = { type: 'DiplomaIssued', data: { number: '52001-000001', studentId: 's1', studentName: '王小红', outcome: 'graduated', issuedOn: '2027-07-01' } };
    given(stocked).when({ type: 'IssueDiploma', graduate: graduate() }, school).then([issued]);
    given([...stocked, issued]).when({ type: 'IssueDiploma', graduate: graduate() }, school).thenThrows(RuleViolationError, '已发放毕业证（编号 52001-000001）');
    given(stocked).when({ type: 'IssueDiploma', graduate: graduate({ outcome: null, schoolId: null }) }, school).thenThrows(RuleViolationError, '不是本校已毕结业的学生');
    given(stocked).when({ type: 'IssueDiploma', graduate: graduate({ schoolId: 'other' }) }, school).thenThrows(RuleViolationError, '不是本校已毕结业的学生');
  });
  it('spoils a blank in stock, not one issued; every number stays accounted for', () => {
    const issued: DiplomaStockEvent = { type: 'DiplomaIssued', data: { number: '52001-000001', studentId: 's1', studentName: '王小红', outcome: 'graduated', issuedOn: '2027-07-01' } };
    const spoiled: DiplomaStockEvent = { type: 'DiplomaBlankSpoiled', data: { number: '52001-000002', reason: '打印错位', on: '2027-07-01' } };
    given([...stocked, issued]).when({ type: 'SpoilDiplomaBlank', number: '52001-000002', reason: '打印错位' }, school).then([spoiled]);
    given([...stocked, issued]).when({ type: 'SpoilDiplomaBlank', number: '52001-000001', reason: '错' }, school).thenThrows(RuleViolationError, '已发放给王小红');
    given(stocked).when({ type: 'SpoilDiplomaBlank', number: '52001-000009', reason: '错' }, school).thenThrows(RuleViolationError, '不在本校库存中');
    expect(diplomaAccount(fold([...stocked, issued, spoiled]))).toEqual({ allocated: 3, inStock: 1, issued: 1, awaitingApproval: 1, spoiled: 1, voided: 0, balanced: true });
    given([...stocked, issued, spoiled]).when({ type: 'IssueDiploma', graduate: graduate({ studentId: 's2', name: '李明' }) }, school).then([{ type: 'DiplomaIssued', data: { number: '52001-000003', studentId: 's2', studentName: '李明', outcome: 'graduated', issuedOn: '2027-07-01' } }]);
  });
  it('out of stock, an issue is refused', () =>
    given([requested]).when({ type: 'IssueDiploma', graduate: graduate() }, school).thenThrows(RuleViolationError, '库存为零'));
});

describe('diploma approval, amendments and reprints', () => {
  const issued: DiplomaStockEvent = { type: 'DiplomaIssued', data: { number: '52001-000001', studentId: 's1', studentName: '王小红', outcome: 'graduated', issuedOn: '2027-07-01' } };
  const round2: DiplomaStockEvent = { ...submitted, data: { ...submitted.data, round: 2 } } as DiplomaStockEvent;
  const approve2: DiplomaStockEvent = { ...approved, data: { ...approved.data, round: 2 } } as DiplomaStockEvent;
  const approvedIssue = [...stocked, issued, round2, approve2, { type: 'DiplomasApproved', data: { numbers: ['52001-000001'] } } as DiplomaStockEvent];
  const amended: DiplomaStockEvent = {
    type: 'DiplomaAmendmentApplied',
    data: { number: '52001-000002', replaces: '52001-000001', studentId: 's1', studentName: '王晓红', outcome: 'graduated', reason: '姓名录入错误', on: '2027-07-01', corrections: { name: '王晓红' } },
  };
  const round3: DiplomaStockEvent = { ...submitted, data: { ...submitted.data, round: 3 } } as DiplomaStockEvent;

  it('an issued diploma is printed only once the authority approved it', () => {
    given([...stocked, issued]).when({ type: 'RecordDiplomaPrint', number: '52001-000001' }, school).thenThrows(RuleViolationError, '尚未经主管部门审批');
    given([...stocked, issued]).when({ type: 'SubmitForReview', authorities: { province: 'prov' } }, school).then([{ ...round2, data: { ...(round2.data as object), title: '毕业证审批 1 本' } } as DiplomaStockEvent]);
    given([...stocked, issued, round2]).when({ type: 'ApproveReview', opinion: '同意' }, province).then([approve2, { type: 'DiplomasApproved', data: { numbers: ['52001-000001'] } }]);
    given(approvedIssue).when({ type: 'RecordDiplomaPrint', number: '52001-000001' }, school).then([{ type: 'DiplomaPrinted', data: { number: '52001-000001', studentId: 's1' } }]);
  });
  it('a rejected diploma returns its number to stock; the student may be issued again', () => {
    const rejected: DiplomaStockEvent = { type: 'ReviewRejected', data: { round: 2, level: 'province', reason: '未毕业', attachments: [] } };
    given([...stocked, issued, round2]).when({ type: 'RejectReview', reason: '未毕业' }, province).then([rejected, { type: 'DiplomasRejected', data: { numbers: ['52001-000001'], reason: '未毕业' } }]);
    const state = fold([...stocked, issued, round2, rejected, { type: 'DiplomasRejected', data: { numbers: ['52001-000001'], reason: '未毕业' } }]);
    expect(diplomaAccount(state)).toMatchObject({ allocated: 3, inStock: 3, issued: 0, balanced: true });
  });
  it('a diploma issued while a round is reviewed waits for the next round', () => {
    const late: DiplomaStockEvent = { type: 'DiplomaIssued', data: { number: '52001-000002', studentId: 's2', studentName: '李明', outcome: 'completed', issuedOn: '2027-07-01' } };
    const events = [...stocked, issued, round2, late, approve2, { type: 'DiplomasApproved', data: { numbers: ['52001-000001'] } } as DiplomaStockEvent];
    const state = fold(events);
    expect(state.status === 'open' && [state.issued['52001-000002']!.approved, state.review.status]).toEqual([false, 'draft']);
    given(events).when({ type: 'SubmitForReview', authorities: { province: 'prov' } }, school).then([{ ...round3, data: { ...(round3.data as object), title: '毕业证审批 1 本' } } as DiplomaStockEvent]);
  });
  it('an amendment takes a new number; on approval the old number is void and every number stays accounted for', () => {
    given([...stocked, issued]).when({ type: 'AmendDiploma', number: '52001-000001', corrections: { name: '王晓红' }, reason: '姓名录入错误' }, school).thenThrows(RuleViolationError, '尚未审批');
    given(approvedIssue).when({ type: 'AmendDiploma', number: '52001-000001', corrections: {}, reason: '无' }, school).thenThrows(ValidationError);
    given(approvedIssue).when({ type: 'AmendDiploma', number: '52001-000001', corrections: { name: '王晓红' }, reason: '姓名录入错误' }, school).then([amended]);
    given([...approvedIssue, amended]).when({ type: 'ReprintDiploma', number: '52001-000001', reason: '遗失' }, school).thenThrows(RuleViolationError, '已有待审批的更正申请（新编号 52001-000002）');
    given([...approvedIssue, amended, round3])
      .when({ type: 'ApproveReview', opinion: '同意' }, province)
      .then([
        { ...approved, data: { ...approved.data, round: 3 } } as DiplomaStockEvent,
        { type: 'DiplomasApproved', data: { numbers: ['52001-000002'] } },
        { type: 'DiplomaVoided', data: { number: '52001-000001', replacedBy: '52001-000002', reason: '姓名录入错误', on: '2027-07-01' } },
      ]);
    const after = fold([
      ...approvedIssue,
      amended,
      round3,
      { ...approved, data: { ...approved.data, round: 3 } } as DiplomaStockEvent,
      { type: 'DiplomasApproved', data: { numbers: ['52001-000002'] } },
      { type: 'DiplomaVoided', data: { number: '52001-000001', replacedBy: '52001-000002', reason: '姓名录入错误', on: '2027-07-01' } },
    ]);
    expect(diplomaAccount(after)).toEqual({ allocated: 3, inStock: 1, issued: 1, awaitingApproval: 0, spoiled: 0, voided: 1, balanced: true });
    expect(after.status === 'open' && after.issued['52001-000002']).toMatchObject({ kind: 'amendment', approved: true, corrections: { name: '王晓红' }, studentName: '王晓红' });
    // A reprint of the amended diploma keeps its corrections; the void number cannot be replaced again.
    const reprintOf = (number: string) => ({ type: 'ReprintDiploma' as const, number, reason: '损毁' });
    given([
      ...approvedIssue,
      amended,
      round3,
      { ...approved, data: { ...approved.data, round: 3 } } as DiplomaStockEvent,
      { type: 'DiplomasApproved', data: { numbers: ['52001-000002'] } },
      { type: 'DiplomaVoided', data: { number: '52001-000001', replacedBy: '52001-000002', reason: '姓名录入错误', on: '2027-07-01' } },
    ]).when(reprintOf('52001-000001'), school).thenThrows(RuleViolationError, '已作废（已由 52001-000002 替换）');
  });
  it('a diploma awaiting approval may be cancelled (its number back in stock), not once in review or approved', () => {
    given([...stocked, issued]).when({ type: 'CancelDiplomaIssue', number: '52001-000001' }, school).then([{ type: 'DiplomaIssueCancelled', data: { number: '52001-000001', studentId: 's1' } }]);
    given([...stocked, issued, round2]).when({ type: 'CancelDiplomaIssue', number: '52001-000001' }, school).thenThrows(RuleViolationError, '正在审批中');
    given(approvedIssue).when({ type: 'CancelDiplomaIssue', number: '52001-000001' }, school).thenThrows(RuleViolationError, '已审批');
    expect(diplomaAccount(fold([...stocked, issued, { type: 'DiplomaIssueCancelled', data: { number: '52001-000001', studentId: 's1' } }]))).toMatchObject({ inStock: 3, issued: 0, balanced: true });
  });
  it('no stock request while diplomas are reviewed', () =>
    given([...stocked, issued, round2]).when({ type: 'RequestDiplomaStock', schoolId: A, schoolCode: '52001', requestId: 'r9', quantity: 1, reason: '' }, school).thenThrows(RuleViolationError, '毕业证审批正在进行中'));
});
