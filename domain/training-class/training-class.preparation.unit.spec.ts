// The training class before it opens: registration, draft edits, enrolment, declaration and its review.
import { describe, expect, it } from '@jest/globals';
import { specification } from '../../testing/decider-specification';
import { ForbiddenError, RuleViolationError, ValidationError } from '../shared/errors';
import type { TrainingClassEvent } from './events';
import {
  authorities,
  busyNone,
  calendar,
  context,
  county,
  declarationInput,
  declare,
  declare as declareCommand,
  declared,
  details,
  goodStanding,
  person,
  play,
  policy,
  prepared,
  registerCommand,
  school,
  sessionInput,
  stateOf,
  teacher,
  teachers,
  timetable,
  trainees,
} from './spec-fixtures';
import { toSession } from './timetable';
import { trainingClassDecider } from './training-class';

const given = specification(trainingClassDecider);
const registered = () => play([[registerCommand, school()]]);
const withTimetable = () => play([[{ type: 'SetTimetable', sessions: timetable, busy: { teachers: {}, participants: {} } }, school()]], registered());
const withTeachers = () => play([[{ type: 'AssignTeachers', teachers }, school()]], withTimetable());

describe('training class', () => {
  describe('registration (开班登记)', () => {
    it('an effective institution registers a class for an occupation it is approved for', () =>
      given([]).when(registerCommand, school()).then([
        { type: 'TrainingClassRegistered', data: { classId: 'class-1', classNo: '520102-2026-0001', institutionId: 'inst-1', details, registeredOn: '2026-03-02' } },
      ]));

    it('refuses another institution\'s name, an institution not in operation, and occupations outside its approval', () => {
      given([]).when(registerCommand, context('inst-2', '2026-03-02T01:00:00Z')).thenThrows(ForbiddenError, /只能以本机构名义登记班级/);
      given([]).when({ ...registerCommand, institution: { institutionId: 'inst-1', canOperate: false } }, school()).thenThrows(RuleViolationError, /本机构未生效、已暂停或已撤销，不能开班/);
      given([]).when({ ...registerCommand, occupation: { published: false, approvedForInstitution: true } }, school()).thenThrows(RuleViolationError, /培训工种“中式烹调师（4-03-02-01）四级\/中级工”不在已发布的工种目录中/);
      given([]).when({ ...registerCommand, occupation: { published: true, approvedForInstitution: false } }, school()).thenThrows(RuleViolationError, /本机构尚未获准开展“中式烹调师（4-03-02-01）四级\/中级工”培训/);
      given([]).when({ ...registerCommand, classNo: 'x' }, school()).thenThrows(ValidationError);
      given(registered()).when(registerCommand, school()).thenThrows(RuleViolationError, /该班级已登记/);
    });
  });

  describe('when draft', () => {
    it('sets the timetable; the same timetable again is nothing', () => {
      given(registered()).when({ type: 'SetTimetable', sessions: timetable, busy: busyNone }, school()).then([{ type: 'TrainingClassTimetableSet', data: { sessions: timetable } }]);
      given(withTimetable()).when({ type: 'SetTimetable', sessions: timetable, busy: busyNone }, school()).thenNothing();
    });

    it('refuses sessions outside the class dates, naming the field', () => {
      const outside = [toSession(sessionInput('2026-03-21', '09:00', '12:00', 't-1'))];
      given(registered()).when({ type: 'SetTimetable', sessions: outside, busy: busyNone }, school()).thenThrows(ValidationError, /课程表中有课程不在培训期间内/);
    });

    it('a changed timetable must leave the assigned teachers and enrolled trainees free', () => {
      const busy = { ...busyNone, teachers: { ...busyNone.teachers, 't-2': [{ date: '2026-03-18', start: '16:30', end: '18:00', label: '花溪区电工班' }] } };
      given(withTeachers()).when({ type: 'SetTimetable', sessions: timetable.slice(0, 8), busy }, school()).thenThrows(RuleViolationError, /授课教师王强在2026-03-18 16:30-18:00已有“花溪区电工班”的课程/);
      const traineeBusy = { ...busyNone, participants: { ...busyNone.participants, 'p-2': [{ date: '2026-03-16', start: '08:00', end: '10:00', label: '云岩区育婴员班' }] } };
      given(prepared()).when({ type: 'SetTimetable', sessions: timetable.slice(0, 8), busy: traineeBusy }, school()).thenThrows(RuleViolationError, /李四已报名的“云岩区育婴员班”在2026-03-16 08:00-10:00有课/);
    });

    describe('选配教师', () => {
      it('assigns effective, certified teachers of the institution\'s pool', () =>
        given(withTimetable()).when({ type: 'AssignTeachers', teachers }, school()).then([{ type: 'TrainingClassTeachersAssigned', data: { teachers: [{ teacherId: 't-1', name: '李芳' }, { teacherId: 't-2', name: '王强' }] } }]));

      it('refuses a revoked, unapproved, foreign or uncertified teacher', () => {
        const assign = (standing: Partial<typeof goodStanding>) => given(withTimetable()).when({ type: 'AssignTeachers', teachers: [teacher('t-1', '李芳', { standing: { ...goodStanding, ...standing } }), teachers[1]!] }, school());
        assign({ revoked: true }).thenThrows(RuleViolationError, /^教师李芳已被撤销师资资格，不能选配$/);
        assign({ effective: false }).thenThrows(RuleViolationError, /教师李芳的师资信息尚未审核生效/);
        assign({ inInstitutionPool: false }).thenThrows(RuleViolationError, /教师李芳不在本机构师资库中/);
        assign({ certified: false }).thenThrows(RuleViolationError, /^教师李芳尚未取得师资上岗资格认定，不能选配$/);
      });

      it('refuses a teacher teaching elsewhere at one of their sessions here', () =>
        given(withTimetable())
          .when({ type: 'AssignTeachers', teachers: [teacher('t-1', '李芳', { busy: [{ date: '2026-03-20', start: '08:00', end: '09:30', label: '观山湖区面点班' }] }), teachers[1]!] }, school())
          .thenThrows(RuleViolationError, /授课教师李芳在2026-03-20 08:00-09:30已有“观山湖区面点班”的课程，与本班2026-03-20 09:00-12:00的课程时间重叠/));

      it('a teacher with sessions cannot be dropped before the timetable changes', () =>
        given(withTeachers()).when({ type: 'AssignTeachers', teachers: [teachers[0]!] }, school()).thenThrows(RuleViolationError, /王强在课程表中有课/));
    });

    describe('学员报名', () => {
      it('enrols effective trainees with their signed commitment and the eligibility outcome', () => {
        const events = play([[{ type: 'EnrolParticipants', enrolments: [trainees[0]!], policy }, school()]], withTeachers());
        expect(events.at(-1)).toEqual({
          type: 'TrainingClassParticipantsEnrolled',
          data: {
            enrolments: [
              {
                participant: { kind: 'trainee', personId: 'p-1', name: '张三', idNumberMasked: '520102********1224' },
                funding: 'subsidised',
                eligibility: { eligible: true, reasons: [], policyVersion: 0 },
                commitment: { signedOn: '2026-03-01', fileId: null },
                enrolledOn: '2026-03-02',
              },
            ],
          },
        });
      });

      const threeTimes = ['电工班', '育婴员班', '面点师班'].map((className, i) => ({
        classId: `c-${i}`,
        className,
        details: { kind: 'employment' as const, subKind: null, occupation: { code: `6-31-01-0${i}`, name: className, level: '4' as const }, plannedStart: '2025-05-01' },
      }));

      it('a trainee over the limit enrols self-paid, the reason kept; asking for the subsidy is refused with it', () => {
        const events = play([[{ type: 'EnrolParticipants', enrolments: [person('p-4', '赵六', { history: threeTimes })], policy }, school()]], withTeachers());
        expect(events.at(-1)).toMatchObject({
          data: { enrolments: [{ funding: 'self_paid', eligibility: { eligible: false, reasons: [{ rule: 'total_cap', message: '已参加补贴性培训3次，达到每人累计3次的上限（财社〔2023〕181号）' }] } }] },
        });
        given(withTeachers())
          .when({ type: 'EnrolParticipants', enrolments: [person('p-4', '赵六', { history: threeTimes, funding: 'subsidised' })], policy }, school())
          .thenThrows(RuleViolationError, /^赵六不符合补贴条件：已参加补贴性培训3次，达到每人累计3次的上限（财社〔2023〕181号）。如仍参加培训，请选择以自费方式报名$/);
      });

      it('in a self-paid class nobody\'s eligibility is at stake', () => {
        const selfPaid = play([[{ ...registerCommand, details: { ...details, fundingSource: 'self_paid' } }, school()]]);
        expect(play([[{ type: 'EnrolParticipants', enrolments: [person('p-4', '赵六', { history: threeTimes })], policy }, school()]], selfPaid).at(-1)).toMatchObject({
          data: { enrolments: [{ funding: 'self_paid', eligibility: null }] },
        });
      });

      it('refuses a trainee in a class whose sessions overlap this one\'s', () =>
        given(withTeachers())
          .when({ type: 'EnrolParticipants', enrolments: [person('p-4', '赵六', { busy: [{ date: '2026-03-17', start: '13:00', end: '15:00', label: '云岩区育婴员班' }] })], policy }, school())
          .thenThrows(RuleViolationError, /赵六已报名的“云岩区育婴员班”在2026-03-17 13:00-15:00有课，与本班2026-03-17 14:00-17:00的课程时间重叠；同一人不能同时参加上课时间重叠的两个班级/));

      it('refuses a person not yet effective, an unsigned commitment, a teacher in a trainees\' class, and a full class', () => {
        const enrol = (request: ReturnType<typeof person>) => given(withTeachers()).when({ type: 'EnrolParticipants', enrolments: [request], policy }, school());
        enrol(person('p-4', '赵六', { effective: false })).thenThrows(RuleViolationError, /赵六的学员信息尚未审核生效，不能报名/);
        enrol(person('p-4', '赵六', { commitment: { signed: false, signedOn: '2026-03-01' } })).thenThrows(RuleViolationError, /赵六尚未签署培训承诺书/);
        enrol({ ...person('t-9', '周老师'), participant: { kind: 'teacher', personId: 't-9', name: '周老师', idNumberMasked: '' } }).thenThrows(RuleViolationError, /就业技能培训班只能报名学员，周老师是教师/);
        given(prepared())
          .when({ type: 'EnrolParticipants', enrolments: [person('p-4', '赵六'), person('p-5', '钱七'), person('p-6', '孙八')], policy }, school())
          .thenThrows(RuleViolationError, /班级最多5人，已报名3人，本次不能再报名3人/);
      });

      it('people already enrolled are left out; nothing new is nothing', () =>
        given(prepared()).when({ type: 'EnrolParticipants', enrolments: [trainees[0]!, trainees[0]!], policy }, school()).thenNothing());

      it('before opening, a withdrawal takes the person off the roster, with the reason', () =>
        given(prepared()).when({ type: 'WithdrawParticipant', participantId: 'p-3', reason: '个人原因' }, school()).then([
          { type: 'TrainingClassParticipantRemoved', data: { participantId: 'p-3', reason: '个人原因' } },
        ]));
    });

    it('once people enrolled, the kind, occupation and funding no longer change; dates must keep the timetable', () => {
      given(prepared()).when({ type: 'EditTrainingClassDetails', details: { ...details, fundingSource: 'self_paid' }, occupation: null }, school()).thenThrows(RuleViolationError, /培训类型、工种及等级和资金来源不能再修改/);
      given(prepared()).when({ type: 'EditTrainingClassDetails', details: { ...details, plannedEnd: '2026-03-19' }, occupation: { published: true, approvedForInstitution: true } }, school()).thenThrows(ValidationError, /不在培训期间内/);
      given(prepared())
        .when({ type: 'EditTrainingClassDetails', details: { ...details, name: '南明区中式烹调师（四级）培训班' }, occupation: { published: true, approvedForInstitution: true } }, school())
        .then([{ type: 'TrainingClassDetailsEdited', data: { details: { ...details, name: '南明区中式烹调师（四级）培训班' } } }]);
    });

    describe('班级申报', () => {
      it('declares at least 5 working days before the start and submits it to the county in one step', () =>
        given(prepared()).when(declare(), school()).then([
          {
            type: 'TrainingClassDeclared',
            data: {
              declaration: {
                ...declarationInput,
                declaredOn: '2026-03-02',
                latestDeclarationDate: '2026-03-09',
                leadWorkingDays: 5,
                totals: { minutes: 1800, theoryMinutes: 900, practiceMinutes: 900, classHours: 40, theoryPercent: 50 },
              },
            },
          },
          {
            type: 'ReviewSubmitted',
            data: { round: 1, title: '南明区中式烹调师就业技能培训班（520102-2026-0001）', levels: ['county'], authorities, submitterOrgId: 'inst-1', submitterId: 'operator', note: '' },
          },
        ]));

      it('a declaration after the deadline is refused with the deadline named', () =>
        given(prepared()).when(declare(), school('2026-03-10T01:00:00Z')).thenThrows(
          RuleViolationError,
          /^计划开班日期为2026-03-16，须至少提前5个工作日申报（按工作日历，节假日不计，最晚申报日为2026-03-09）；今天（2026-03-10）申报已逾期，请推迟开班日期后再申报$/,
        ));

      it('holidays make the difference: the National Day week does not count', () => {
        const october = { ...details, plannedStart: '2026-10-12', plannedEnd: '2026-10-16' };
        const sessions = ['2026-10-12', '2026-10-13', '2026-10-14', '2026-10-15', '2026-10-16'].flatMap((d) => [sessionInput(d, '09:00', '12:00', 't-1'), sessionInput(d, '14:00', '17:00', 't-2', 'practice')]).map(toSession);
        const at = (iso: string) => school(iso);
        const history = play([
          [{ ...registerCommand, details: october }, at('2026-09-28T01:00:00Z')],
          [{ type: 'SetTimetable', sessions, busy: { teachers: {}, participants: {} } }, at('2026-09-28T01:00:00Z')],
          [{ type: 'AssignTeachers', teachers }, at('2026-09-28T01:00:00Z')],
          [{ type: 'EnrolParticipants', enrolments: trainees.map((t) => ({ ...t, commitment: { ...t.commitment, signedOn: '2026-09-27' } })), policy }, at('2026-09-28T01:00:00Z')],
        ]);
        const octoberDeclaration = { ...declarationInput, assessmentPlan: { ...declarationInput.assessmentPlan, plannedDate: '2026-10-16' } };
        const declare = (over: Parameters<typeof declareCommand>[0] = {}) => declareCommand({ declaration: octoberDeclaration, ...over });
        // 30 September: only 10-08, 10-09, 10-10 (a Saturday worked) and 10-12 remain: 4 working days.
        given(history).when(declare(), at('2026-09-30T01:00:00Z')).thenThrows(RuleViolationError, /最晚申报日为2026-09-29）；今天（2026-09-30）申报已逾期/);
        // Without the holidays the same day would be in time.
        expect(trainingClassDecider.decide(declare({ calendar: {} }), stateOf(history), at('2026-09-30T01:00:00Z'))[0]).toMatchObject({ type: 'TrainingClassDeclared' });
        expect(trainingClassDecider.decide(declare(), stateOf(history), at('2026-09-29T01:00:00Z'))[0]).toMatchObject({ data: { declaration: { latestDeclarationDate: '2026-09-29' } } });
        expect(calendar['2026-10-10']?.kind).toBe('workday');
      });

      it('refuses a class without enough people, with a session of an unassigned teacher, or a teacher revoked since', () => {
        const two = play([[{ type: 'WithdrawParticipant', participantId: 'p-3', reason: '个人原因' }, school()], [{ type: 'WithdrawParticipant', participantId: 'p-2', reason: '个人原因' }, school()]], prepared());
        given(two).when(declare(), school()).thenThrows(RuleViolationError, /已报名1人，少于最少开班人数2人，不能申报/);
        given(withTimetable()).when(declare(), school()).thenThrows(RuleViolationError, /请先选配教师再申报/);
        given(prepared()).when(declare({ teachers: { 't-1': { ...goodStanding, revoked: true }, 't-2': goodStanding } }), school()).thenThrows(RuleViolationError, /教师李芳已被撤销师资资格/);
      });

      it('the teaching plan\'s hours must be in the timetable, and the commitment is the institution\'s', () => {
        const plan = { ...declarationInput.teachingPlan, totalHours: 48 };
        given(prepared()).when(declare({ declaration: { ...declarationInput, teachingPlan: plan } }), school()).thenThrows(ValidationError, /./);
        try {
          trainingClassDecider.decide(declare({ declaration: { ...declarationInput, teachingPlan: plan } }), stateOf(prepared()), school());
        } catch (error) {
          expect((error as ValidationError).fields).toEqual([{ field: 'teachingPlan.totalHours', message: '教学计划为48学时，课程表只安排了40学时（每学时45分钟），请补足课程或核对教学计划' }]);
        }
        given(prepared()).when(declare(), context('inst-2', '2026-03-02T01:00:00Z')).thenThrows(ForbiddenError, /只有开班机构/);
      });

      it('a bare submission is not a declaration', () =>
        given(prepared()).when({ type: 'SubmitForReview', authorities }, school()).thenThrows(RuleViolationError, /请通过“班级申报”提交开班申报/));
    });
  });

  describe('when declared', () => {
    const approved: TrainingClassEvent = { type: 'ReviewApproved', data: { round: 1, level: 'county', opinion: '同意开班', attachments: [], final: true } };

    it('the county\'s approval opens the class (开班)', () =>
      given(declared()).when({ type: 'ApproveReview', opinion: '同意开班' }, county('2026-03-04T02:00:00Z')).then([approved, { type: 'TrainingClassOpened', data: { openedOn: '2026-03-04', version: 1 } }]));

    it('nothing changes while the declaration is under review, and the class cannot start', () => {
      given(declared()).when({ type: 'EnrolParticipants', enrolments: [person('p-4', '赵六')], policy }, school()).thenThrows(RuleViolationError, /开班申报正在审核中，不能报名/);
      given(declared()).when({ type: 'StartTrainingClass' }, school('2026-03-16T01:00:00Z')).thenThrows(RuleViolationError, /开班申报尚未审核通过，不能开始培训/);
    });

    it('returned, it is edited and declared again in a new round, its deadline checked again', () => {
      const returned = play([[{ type: 'ReturnReview', reason: '教学计划不完整' }, county()]], declared());
      expect(stateOf(returned)).toMatchObject({ status: 'declared', review: { status: 'returned', reason: '教学计划不完整' } });
      given(returned).when({ type: 'SubmitForReview', authorities }, school()).thenThrows(RuleViolationError, /请通过“班级申报”提交/);
      given(returned).when(declare(), school('2026-03-10T01:00:00Z')).thenThrows(RuleViolationError, /申报已逾期/);
      const again = trainingClassDecider.decide(declare(), stateOf(play([[{ type: 'EnrolParticipants', enrolments: [person('p-4', '赵六')], policy }, school()]], returned)), school('2026-03-05T01:00:00Z'));
      expect(again.map((e) => e.type)).toEqual(['TrainingClassDeclared', 'ReviewSubmitted']);
      expect(again[1]).toMatchObject({ data: { round: 2 } });
    });

    it('rejected, the class is cancelled with the reason', () =>
      given(declared()).when({ type: 'RejectReview', reason: '场地不符合要求' }, county()).then([
        { type: 'ReviewRejected', data: { round: 1, level: 'county', reason: '场地不符合要求', attachments: [] } },
        { type: 'TrainingClassCancelled', data: { reason: '开班申报未通过审核：场地不符合要求', by: 'review', byOrgId: 'auth-520102', on: '2026-03-02' } },
      ]));

    it('the institution withdraws it to edit, then cancels if it wants', () => {
      const withdrawn = play([[{ type: 'WithdrawReview', reason: '调整名册' }, school()]], declared());
      given(withdrawn).when({ type: 'CancelTrainingClass', reason: '生源不足' }, school()).then([
        { type: 'TrainingClassCancelled', data: { reason: '生源不足', by: 'institution', byOrgId: 'inst-1', on: '2026-03-02' } },
      ]);
      given(declared()).when({ type: 'CancelTrainingClass', reason: '生源不足' }, school()).thenThrows(RuleViolationError, /有正在审核的申请，请先撤回/);
    });
  });
  describe('an institution under a penalty (the ladder on its record)', () => {
    it('is barred from registering and declaring until the rectification notice\'s day has passed', () => {
      const barred = { institutionId: 'inst-1', canOperate: true, barredUntil: '2026-03-05' };
      given([]).when({ ...registerCommand, institution: barred }, school()).thenThrows(RuleViolationError, /2026-03-05前不得开班，不能开班登记/);
      given(prepared()).when(declare({ institution: barred }), school()).thenThrows(RuleViolationError, /2026-03-05前不得开班，不能申报开班/);
      expect(trainingClassDecider.decide({ ...registerCommand, institution: barred }, stateOf([]), school('2026-03-05T16:00:00Z')).map((e) => e.type)).toEqual(['TrainingClassRegistered']);
    });

    it('whose designation was terminated opens self-paid classes only', () => {
      const terminated = { institutionId: 'inst-1', canOperate: true, designationTerminated: true };
      given([]).when({ ...registerCommand, institution: terminated }, school()).thenThrows(RuleViolationError, /定点培训资格已被解除，不能开班登记补贴性培训班/);
      expect(trainingClassDecider.decide({ ...registerCommand, institution: terminated, details: { ...details, fundingSource: 'self_paid' } }, stateOf([]), school()).length).toBe(1);
    });
  });
});
