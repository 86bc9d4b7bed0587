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
    expect(diplomaAccount(fold([...stocked, issued, spoiled]))).toEqual({ allocated: 3, inStock: 1, issued: 1, spoiled: 1, balanced: true });
    given([...stocked, issued, spoiled]).when({ type: 'IssueDiploma', graduate: graduate({ studentId: 's2', name: '李明' }) }, school).then([{ type: 'DiplomaIssued', data: { number: '52001-000003', studentId: 's2', studentName: '李明', outcome: 'graduated', issuedOn: '2027-07-01' } }]);
  });
  it('out of stock, an issue is refused', () =>
    given([requested]).when({ type: 'IssueDiploma', graduate: graduate() }, school).thenThrows(RuleViolationError, '库存为零'));
});
