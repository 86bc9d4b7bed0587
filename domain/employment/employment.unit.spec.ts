import { describe, expect, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../shared/errors';
import { employmentDecider, type EmploymentEvent, type GraduateFacts } from './employment';
import { parseEmploymentInput, type EmploymentDetails } from './employment-input';

const given = specification(employmentDecider);
const SCHOOL = 'school-1';
const school = testContext({ id: 'op', orgId: SCHOOL });
const graduate: GraduateFacts = { studentId: 's1', schoolId: SCHOOL, majorId: 'm1', outcome: 'graduated', graduatedOn: '2026-07-01' };
const graduation = { studentId: 's1', schoolId: SCHOOL, majorId: 'm1', outcome: 'graduated' as const, graduatedOn: '2026-07-01' };
const employed: EmploymentDetails = parseEmploymentInput({
  destination: 'employed',
  employer: '贵州轮胎股份有限公司',
  position: '数控操作工',
  employedOn: '2026-07-15',
  monthlyPayFen: '450000',
  certificates: [{ occupation: '车工', level: '4', number: 'S000052010001', issuedOn: '2026-06-20' }],
});
const recorded: EmploymentEvent = { type: 'EmploymentRecorded', data: { graduation, details: employed } };

describe('employment input', () => {
  it('keeps only the fields of the destination chosen', () =>
    expect(parseEmploymentInput({ destination: 'further_study', furtherStudySchool: '贵州理工学院', employer: '某公司', monthlyPayFen: '100' })).toEqual({
      destination: 'further_study',
      employer: '',
      position: '',
      employedOn: null,
      monthlyPayFen: null,
      furtherStudySchool: '贵州理工学院',
      certificates: [],
      note: '',
    }));
  it('refuses an employment without employer, date or pay, each on its field, in Chinese', () => {
    try {
      parseEmploymentInput({ destination: 'employed' });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fields).toEqual([
        { field: 'employer', message: '单位就业须填写就业单位' },
        { field: 'employedOn', message: '就业须填写就业日期' },
        { field: 'monthlyPayFen', message: '就业须填写月收入' },
      ]);
    }
  });
  it('refuses a pay with a decimal point (fen only) and a duplicate certificate number', () => {
    expect(() => parseEmploymentInput({ ...employed, monthlyPayFen: '4500.5' })).toThrow(ValidationError);
    expect(() => parseEmploymentInput({ ...employed, certificates: [employed.certificates[0], employed.certificates[0]] })).toThrow(ValidationError);
  });
});

describe('employment', () => {
  it('the graduate\'s school records it', () => given().when({ type: 'RecordEmployment', graduate, details: employed }, school).then([recorded]));
  it('not for a student who has not graduated', () =>
    given().when({ type: 'RecordEmployment', graduate: { ...graduate, schoolId: null, outcome: null, graduatedOn: null }, details: employed }, school).thenThrows(RuleViolationError, '尚未毕业'));
  it('not by another school', () => given().when({ type: 'RecordEmployment', graduate, details: employed }, testContext({ id: 'x', orgId: 'other' })).thenThrows(ForbiddenError));
  it('not with a date after today', () =>
    given().when({ type: 'RecordEmployment', graduate, details: { ...employed, employedOn: '2099-01-01' } }, school).thenThrows(RuleViolationError, '就业日期不能晚于今天'));
  it('a later situation is an update; the same again changes nothing', () => {
    const further = parseEmploymentInput({ destination: 'further_study', furtherStudySchool: '贵州理工学院' });
    given([recorded]).when({ type: 'RecordEmployment', graduate, details: further }, school).then([{ type: 'EmploymentUpdated', data: { details: further } }]);
    given([recorded]).when({ type: 'RecordEmployment', graduate, details: employed }, school).thenNothing();
  });
  it('a later graduation starts the record again', () =>
    given([recorded])
      .when({ type: 'RecordEmployment', graduate: { ...graduate, graduatedOn: '2028-07-01' }, details: employed }, school)
      .then([{ type: 'EmploymentRecorded', data: { graduation: { ...graduation, graduatedOn: '2028-07-01' }, details: employed } }]));
  it('a correction needs a reason and the school', () => {
    const fixed = { ...employed, monthlyPayFen: 420000 };
    given([recorded]).when({ type: 'CorrectEmployment', details: fixed, reason: '月收入录错' }, school).then([{ type: 'EmploymentCorrected', data: { details: fixed, reason: '月收入录错' } }]);
    given([recorded]).when({ type: 'CorrectEmployment', details: fixed, reason: ' ' }, school).thenThrows(RuleViolationError, '更正原因');
    given([recorded]).when({ type: 'CorrectEmployment', details: fixed, reason: '录错' }, testContext({ id: 'x', orgId: 'other' })).thenThrows(ForbiddenError);
    given().when({ type: 'CorrectEmployment', details: fixed, reason: '录错' }, school).thenThrows(NotFoundError);
  });
});
