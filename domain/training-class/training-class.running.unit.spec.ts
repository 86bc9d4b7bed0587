// The training class once open: change requests, start, suspension, attendance, assessment,
// completion with certificates, follow-up, cancellation, and teachers' capability training.
import { describe, expect, it } from '@jest/globals';
import { specification } from '../../testing/decider-specification';
import { UnconfirmedWarningsError } from '../personal-data/confirmable-warning';
import { ForbiddenError, RuleViolationError, ValidationError } from '../shared/errors';
import { DEFAULT_TRAINING_KIND_SETTINGS } from './class-settings';
import type { TrainingClassEvent } from './events';
import { approvedAndPending, overdueFollowUps, teacherTrainingRecords } from './queries';
import {
  AFTER_LAST,
  COMPLETED_ON,
  authorities,
  busyNone,
  capturesFor,
  completedClass,
  context,
  county,
  details,
  opened,
  passed,
  person,
  play,
  policy,
  registerCommand,
  school,
  sessionInput,
  settings,
  started,
  stateOf,
  teacher,
  teachers,
  timetable,
} from './spec-fixtures';
import { toSession } from './timetable';
import { trainingClassDecider } from './training-class';

const given = specification(trainingClassDecider);
const supervising = { supervises: true };
const countyAt = (iso: string) => county(iso);
const rosterOf = (events: TrainingClassEvent[]) => {
  const state = stateOf(events);
  return state.status === 'none' ? [] : state.roster;
};

describe('training class', () => {
  describe('when approved (开班, not started)', () => {
    const addZhao = { type: 'ProposeTrainingClassChange' as const, enrol: [person('p-4', '赵六')], policy, busy: busyNone, reason: '新增学员' };

    it('adding a trainee is a change request; the record shows the approved and the pending roster', () => {
      const proposed = play([[addZhao, school('2026-03-05T01:00:00Z')]], opened());
      expect(proposed.at(-1)).toMatchObject({ type: 'TrainingClassChangeProposed', data: { change: { timetable: null, teachers: null, remove: [], reason: '新增学员', enrol: [{ participant: { personId: 'p-4' }, funding: 'subsidised' }] } } });
      const view = approvedAndPending(stateOf(proposed))!;
      expect(view.approved.roster.map((e) => e.participant.name)).toEqual(['张三', '李四', '王五']);
      expect(view.pending!.roster.map((e) => e.participant.name)).toEqual(['张三', '李四', '王五', '赵六']);
    });

    it('reviewed the same way: approval applies it, rejection discards it and the approved values stay', () => {
      const submitted = play([[addZhao, school('2026-03-05T01:00:00Z')], [{ type: 'SubmitForReview', authorities }, school('2026-03-05T01:00:00Z')]], opened());
      expect(submitted.at(-1)).toMatchObject({ type: 'ReviewSubmitted', data: { round: 2, levels: ['county'] } });
      const applied = play([[{ type: 'ApproveReview', opinion: '同意' }, countyAt('2026-03-06T02:00:00Z')]], submitted);
      expect(applied.at(-1)).toMatchObject({ type: 'TrainingClassChangeApplied', data: { appliedOn: '2026-03-06', version: 2 } });
      expect(stateOf(applied)).toMatchObject({ change: null, version: 2, review: { status: 'approved' } });
      expect(rosterOf(applied).at(-1)).toMatchObject({ participant: { name: '赵六' }, joinedOn: '2026-03-06' });

      const rejected = play([[{ type: 'RejectReview', reason: '超出计划人数' }, countyAt('2026-03-06T02:00:00Z')]], submitted);
      expect(rejected.slice(-1)).toEqual([{ type: 'TrainingClassChangeDiscarded', data: { reason: '超出计划人数' } }]);
      expect(stateOf(rejected)).toMatchObject({ status: 'approved', change: null, review: { status: 'approved' } });
      expect(rosterOf(rejected)).toHaveLength(3);
      // A new request can follow.
      expect(trainingClassDecider.decide(addZhao, stateOf(rejected), school('2026-03-07T01:00:00Z'))).toHaveLength(1);
    });

    it('direct edits are refused once open: the change goes through review', () =>
      given(opened()).when({ type: 'EnrolParticipants', enrolments: [person('p-4', '赵六')], policy }, school()).thenThrows(RuleViolationError, /不能报名（开班后请申请变更）/));

    it('a changed timetable or teacher is checked as before opening', () => {
      const moved = timetable.map((s) => (s.date === '2026-03-20' && s.start === '14:00' ? toSession(sessionInput('2026-03-20', '13:00', '16:00', 't-2', 'practice')) : s));
      const busy = { ...busyNone, participants: { ...busyNone.participants, 'p-1': [{ date: '2026-03-20', start: '12:30', end: '13:30', label: '夜校' }] } };
      given(opened()).when({ type: 'ProposeTrainingClassChange', timetable: moved, busy, reason: '调课' }, school()).thenThrows(RuleViolationError, /张三已报名的“夜校”/);
      given(opened())
        .when({ type: 'ProposeTrainingClassChange', teachers: [teacher('t-1', '李芳', { standing: { effective: true, inInstitutionPool: true, certified: true, revoked: true } }), teachers[1]!], busy: busyNone, reason: '换教师' }, school())
        .thenThrows(RuleViolationError, /教师李芳已被撤销师资资格/);
      given(opened()).when({ type: 'ProposeTrainingClassChange', busy: busyNone, reason: '无' }, school()).thenThrows(ValidationError, /./);
    });

    it('starts on its planned start day, not before', () => {
      given(opened()).when({ type: 'StartTrainingClass' }, school('2026-03-15T01:00:00Z')).thenThrows(RuleViolationError, /计划开班日期为2026-03-16，不能提前开始培训/);
      given(opened()).when({ type: 'StartTrainingClass' }, school('2026-03-16T00:30:00Z')).then([{ type: 'TrainingClassStarted', data: { startedOn: '2026-03-16' } }]);
    });

    it('an authority suspends with a reason, and resumes; the institution cannot', () => {
      const suspension: TrainingClassEvent = { type: 'TrainingClassSuspended', data: { reason: '接群众举报，核查培训场地', byOrgId: 'auth-520102', on: '2026-03-10' } };
      given(opened()).when({ type: 'SuspendTrainingClass', reason: '接群众举报，核查培训场地', authority: supervising }, countyAt('2026-03-10T02:00:00Z')).then([suspension]);
      given(opened()).when({ type: 'SuspendTrainingClass', reason: '核查', authority: { supervises: false } }, school()).thenThrows(ForbiddenError, /只有该机构的主管部门可以暂停培训/);
      given(opened()).when({ type: 'SuspendTrainingClass', reason: ' ', authority: supervising }, county()).thenThrows(ValidationError);
      given([...opened(), suspension]).when({ type: 'StartTrainingClass' }, school('2026-03-16T00:30:00Z')).thenThrows(RuleViolationError, /“已暂停”状态，不能开始培训/);
      const resumed = play([[{ type: 'ResumeTrainingClass', reason: '核查无问题', authority: supervising }, countyAt('2026-03-12T02:00:00Z')]], [...opened(), suspension]);
      expect(stateOf(resumed)).toMatchObject({ status: 'approved' });
    });

    it('the institution may cancel before the start; afterwards only an authority', () => {
      given(opened()).when({ type: 'CancelTrainingClass', reason: '生源不足' }, school()).then([{ type: 'TrainingClassCancelled', data: { reason: '生源不足', by: 'institution', byOrgId: 'inst-1', on: '2026-03-02' } }]);
      given(started()).when({ type: 'CancelTrainingClass', reason: '不办了' }, school()).thenThrows(RuleViolationError, /培训开始后只能由主管部门取消/);
      given(started()).when({ type: 'CancelTrainingClass', reason: '套取补贴', authority: supervising }, countyAt('2026-03-17T02:00:00Z')).then([
        { type: 'TrainingClassCancelled', data: { reason: '套取补贴', by: 'authority', byOrgId: 'auth-520102', on: '2026-03-17' } },
      ]);
    });
  });

  describe('when in progress', () => {
    it('a trainee withdraws (退学) with a reason, and stays on the record', () => {
      const events = play([[{ type: 'WithdrawParticipant', participantId: 'p-3', reason: '外出务工' }, school('2026-03-18T02:00:00Z')]], started());
      expect(events.at(-1)).toEqual({ type: 'TrainingClassParticipantWithdrew', data: { participantId: 'p-3', reason: '外出务工', on: '2026-03-18' } });
      expect(rosterOf(events).find((e) => e.participant.personId === 'p-3')).toMatchObject({ withdrawal: { reason: '外出务工', on: '2026-03-18' } });
      given(started()).when({ type: 'WithdrawParticipant', participantId: 'p-3', reason: '' }, school()).thenThrows(ValidationError, /请填写退学原因/);
    });

    it('a removal from the roster is no longer possible once started', () =>
      given(started()).when({ type: 'ProposeTrainingClassChange', remove: [{ participantId: 'p-3', reason: '重复报名' }], busy: busyNone, reason: '调整名册' }, school('2026-03-16T02:00:00Z')).thenThrows(RuleViolationError, /人员退出请办理退学/));

    it('a timetable change keeps the sessions that already began', () => {
      const changed = timetable.map((s) => (s.sessionId === '2026-03-16T09:00' ? { ...s, subject: '改了' } : s));
      given(started()).when({ type: 'ProposeTrainingClassChange', timetable: changed, busy: busyNone, reason: '调课' }, school('2026-03-17T02:00:00Z')).thenThrows(RuleViolationError, /2026-03-16 09:00-12:00的课程已经开始或结束，不能变更或删除/);
    });

    it('the session\'s teacher marks attendance with a reason (标记出勤); not before the session, nor another teacher', () => {
      const mark = { type: 'MarkAttendance' as const, participantId: 'p-2', sessionId: '2026-03-16T09:00', present: true, reason: '人脸识别设备故障，现场点名', teacherId: 't-1' };
      given(started()).when(mark, school('2026-03-16T04:10:00Z')).then([
        { type: 'TrainingClassAttendanceMarked', data: { mark: { participantId: 'p-2', sessionId: '2026-03-16T09:00', present: true, reason: '人脸识别设备故障，现场点名', teacherId: 't-1', markedAt: '2026-03-16T04:10:00Z' } } },
      ]);
      given(started()).when({ ...mark, sessionId: '2026-03-17T09:00' }, school('2026-03-16T04:10:00Z')).thenThrows(RuleViolationError, /2026-03-17 09:00-12:00的课程尚未开始，不能标记出勤/);
      given(started()).when({ ...mark, teacherId: 't-2' }, school('2026-03-16T04:10:00Z')).thenThrows(ForbiddenError, /只有该节课的授课教师可以标记出勤/);
      given(started()).when({ ...mark, reason: '' }, school('2026-03-16T04:10:00Z')).thenThrows(ValidationError, /请填写标记原因/);
    });

    it('assessment results must fit the assessment plan', () => {
      given(started()).when({ type: 'RecordAssessmentResults', results: [passed('p-1')] }, school(AFTER_LAST)).then([{ type: 'TrainingClassAssessmentRecorded', data: { results: [passed('p-1')] } }]);
      given(started())
        .when({ type: 'RecordAssessmentResults', results: [{ ...passed('p-1'), practicalScore: 50 }, { ...passed('p-2'), writtenScore: null }] }, school(AFTER_LAST))
        .thenThrows(ValidationError, /考核结果与考核方案不符/);
    });

    describe('结业', () => {
      // 张三 and 李四 attend everything; 王五 misses the last two days, except a teacher's mark on
      // the 19th morning. On the 20th only 2 of 3 (67%) attended: the day counts for no one.
      const running = () =>
        play(
          [
            [{ type: 'MarkAttendance', participantId: 'p-3', sessionId: '2026-03-19T09:00', present: true, reason: '设备故障，现场点名', teacherId: 't-1' }, school('2026-03-19T04:30:00Z')],
            [{ type: 'RecordAssessmentResults', results: [passed('p-1'), { ...passed('p-2'), practicalScore: 40, passed: false }, passed('p-3')] }, school(AFTER_LAST)],
          ],
          started(),
        );
      const captures = [...capturesFor(['p-1', 'p-2']), ...capturesFor(['p-3'], timetable.filter((s) => s.date < '2026-03-19'))];
      const request = { type: 'RequestCompletion' as const, captures, capturesAsOf: 'captures@1042', settings, authorities };

      it('not before the last session ends', () =>
        given(running()).when(request, school('2026-03-20T08:00:00Z')).thenThrows(RuleViolationError, /课程尚未全部结束（最后一节课2026-03-20 14:00-17:00）/));

      it('computes every outcome with the class-day rule and the 80% rate, and submits it for review', () => {
        const events = trainingClassDecider.decide(request, stateOf(running()), school(AFTER_LAST));
        expect(events.map((e) => e.type)).toEqual(['TrainingClassCompletionRequested', 'ReviewSubmitted']);
        const requested = events[0] as Extract<TrainingClassEvent, { type: 'TrainingClassCompletionRequested' }>;
        expect(requested.data.request.days.map((d) => [d.date, d.attended, d.counts])).toEqual([
          ['2026-03-16', 3, true],
          ['2026-03-17', 3, true],
          ['2026-03-18', 3, true],
          ['2026-03-19', 3, true],
          ['2026-03-20', 2, false],
        ]);
        expect(requested.data.request.outcomes.map((o) => [o.name, o.ratePermille, o.completed, o.reasons])).toEqual([
          ['张三', 800, true, []],
          ['李四', 800, false, ['考核不合格']],
          ['王五', 700, false, ['出勤率70%，低于结业要求的80%']],
        ]);
        expect(requested.data.request).toMatchObject({ capturesAsOf: 'captures@1042', captureCount: 52, followUp: { months: [3, 6], graceDays: 30 } });
      });

      it('approved, the class completes and each completer gets a numbered certificate', () => {
        const requested = play([[request, school(AFTER_LAST)]], running());
        given(requested).when({ type: 'ApproveReview', opinion: '同意结业' }, countyAt(COMPLETED_ON)).then([
          { type: 'ReviewApproved', data: { round: 2, level: 'county', opinion: '同意结业', attachments: [], final: true } },
          { type: 'TrainingClassCompleted', data: { completedOn: '2026-03-23', certificates: [{ participantId: 'p-1', name: '张三', certificateNo: '520102-2026-0001-001' }] } },
        ]);
      });

      it('returned, results are corrected and completion requested again; a bare resubmission is refused', () => {
        const returned = play([[request, school(AFTER_LAST)], [{ type: 'ReturnReview', reason: '李四实操成绩有误' }, countyAt(COMPLETED_ON)]], running());
        given(returned).when({ type: 'SubmitForReview', authorities }, school(COMPLETED_ON)).thenThrows(RuleViolationError, /请重新申请结业/);
        const corrected = play([[{ type: 'RecordAssessmentResults', results: [passed('p-2')] }, school(COMPLETED_ON)], [request, school(COMPLETED_ON)]], returned);
        const state = stateOf(corrected);
        const outcomes = state.status === 'in_progress' ? state.completionRequest!.outcomes : [];
        expect(outcomes.filter((o) => o.completed).map((o) => o.name)).toEqual(['张三', '李四']);
      });

      it('while the completion is under review, attendance, results and the roster stay as they were reviewed', () => {
        const requested = play([[request, school(AFTER_LAST)]], running());
        given(requested).when({ type: 'WithdrawParticipant', participantId: 'p-3', reason: '外出务工' }, school(AFTER_LAST)).thenThrows(RuleViolationError, /结业申请正在审核中，不能办理退学/);
        given(requested).when({ type: 'RecordAssessmentResults', results: [passed('p-2')] }, school(AFTER_LAST)).thenThrows(RuleViolationError, /结业申请正在审核中/);
        given(requested).when({ type: 'MarkAttendance', participantId: 'p-3', sessionId: '2026-03-20T09:00', present: true, reason: '补录', teacherId: 't-1' }, school(AFTER_LAST)).thenThrows(RuleViolationError, /结业申请正在审核中/);
      });

      it('a suspended class is not completed until resumed', () => {
        const requested = play([[request, school(AFTER_LAST)], [{ type: 'SuspendTrainingClass', reason: '核查出勤', authority: supervising }, countyAt(AFTER_LAST)]], running());
        given(requested).when({ type: 'ApproveReview', opinion: '同意结业' }, countyAt(COMPLETED_ON)).thenThrows(RuleViolationError, /班级已暂停，恢复培训后才能审核通过结业/);
      });

      it('a withdrawn trainee earns no completion', () => {
        const events = play([[{ type: 'WithdrawParticipant', participantId: 'p-1', reason: '外出务工' }, school('2026-03-20T09:30:00Z')], [request, school(AFTER_LAST)]], running());
        const requested = events.find((e) => e.type === 'TrainingClassCompletionRequested') as Extract<TrainingClassEvent, { type: 'TrainingClassCompletionRequested' }>;
        expect(requested.data.request.outcomes[0]).toMatchObject({ name: '张三', completed: false, reasons: ['已于2026-03-20退学'] });
      });
    });
  });

  describe('when completed', () => {
    const done = () => completedClass();
    const followUp = (over: Record<string, unknown> = {}) => ({
      type: 'RecordFollowUp' as const,
      followUp: { participantId: 'p-1', milestone: 3, status: 'employed', employer: '贵阳某酒店', occupation: '中式烹调师', payBand: 'from_3000', contactedOn: '2026-06-23', ...over },
      confirmedWarnings: [],
    });

    it('everyone attended and passed: three certificates in roster order', () =>
      expect(stateOf(done())).toMatchObject({
        status: 'completed',
        completion: { completedOn: '2026-03-23', certificates: [{ certificateNo: '520102-2026-0001-001' }, { certificateNo: '520102-2026-0001-002' }, { certificateNo: '520102-2026-0001-003' }] },
      }));

    it('the institution records each graduate\'s situation at 3 months, from its due day', () => {
      given(done()).when(followUp(), school('2026-06-23T02:00:00Z')).then([
        {
          type: 'TrainingClassFollowUpRecorded',
          data: { record: { participantId: 'p-1', milestone: 3, status: 'employed', employer: '贵阳某酒店', occupation: '中式烹调师', payBand: 'from_3000', startUp: null, contactedOn: '2026-06-23', note: '', recordedOn: '2026-06-23' } },
        },
      ]);
      given(done()).when(followUp({ contactedOn: '2026-06-20' }), school('2026-06-20T02:00:00Z')).thenThrows(RuleViolationError, /张三结业后第3个月的跟踪自2026-06-23起记录/);
      given(done()).when(followUp({ milestone: 4 }), school('2026-07-30T02:00:00Z')).thenThrows(RuleViolationError, /就业技能培训的跟踪节点为结业后3、6个月，没有第4个月/);
      given(done()).when(followUp({ employer: '' }), school('2026-06-23T02:00:00Z')).thenThrows(ValidationError);
    });

    it('start-ups are recorded for entrepreneurship classes only', () =>
      given(done())
        .when(followUp({ status: 'self_employed', employer: '', startUp: { businessName: '花果园小吃店', creditCode: '91350100M000100Y43', startedOn: '2026-05-01' } }), school('2026-06-23T02:00:00Z'))
        .thenThrows(ValidationError, /./));

    it('lists the follow-ups overdue after the grace period', () => {
      expect(overdueFollowUps(stateOf(done()), '2026-07-23')).toEqual([]);
      expect(overdueFollowUps(stateOf(done()), '2026-07-24').map((o) => [o.name, o.milestone, o.dueOn, o.daysOverdue])).toEqual([
        ['张三', 3, '2026-06-23', 1],
        ['李四', 3, '2026-06-23', 1],
        ['王五', 3, '2026-06-23', 1],
      ]);
      const one = play([[followUp(), school('2026-06-23T02:00:00Z')]], done());
      expect(overdueFollowUps(stateOf(one), '2026-10-24').map((o) => `${o.name}@${o.milestone}`)).toEqual(['李四@3', '王五@3', '张三@6', '李四@6', '王五@6']);
    });

    it('nothing is reviewed any more', () => given(done()).when({ type: 'ApproveReview', opinion: '同意' }, county(COMPLETED_ON)).thenThrows(RuleViolationError, /班级已结业，不能再办理审核/));
  });

  describe('entrepreneurship (SYB, GYB, 网络创业培训)', () => {
    const syb = () => completedClass({ details: { kind: 'entrepreneurship', subKind: 'syb', occupation: null, name: '南明区SYB创业培训班' } });
    const startUp = { businessName: '花果园小吃店', creditCode: '91350100M000100Y43', startedOn: '2026-05-01' };
    const command = (creditCode: string, confirmedWarnings: string[] = []) => ({
      type: 'RecordFollowUp' as const,
      followUp: { participantId: 'p-2', milestone: 3, status: 'self_employed', payBand: 'from_3000', startUp: { ...startUp, creditCode }, contactedOn: '2026-06-23' },
      confirmedWarnings,
    });

    it('records the business a graduate started (创业) in the follow-up', () =>
      expect(trainingClassDecider.decide(command('91350100M000100Y43'), stateOf(syb()), school('2026-06-23T02:00:00Z'))).toEqual([
        {
          type: 'TrainingClassFollowUpRecorded',
          data: { record: { participantId: 'p-2', milestone: 3, status: 'self_employed', employer: '', occupation: '', payBand: 'from_3000', startUp, contactedOn: '2026-06-23', note: '', recordedOn: '2026-06-23' } },
        },
      ]));

    it('a malformed credit code is refused; one whose check character fails is recorded once the user confirms it', () => {
      given(syb()).when(command('91350100M000100Y4'), school('2026-06-23T02:00:00Z')).thenThrows(ValidationError);
      given(syb()).when(command('91350100M000100Y44'), school('2026-06-23T02:00:00Z')).thenThrows(UnconfirmedWarningsError, /校验位（第18位）不符合国家标准/);
      const events = trainingClassDecider.decide(command('91350100M000100Y44', ['CREDIT_CODE_CHECK_FAILED']), stateOf(syb()), school('2026-06-23T02:00:00Z'));
      expect(events[0]).toMatchObject({ data: { record: { confirmedWarnings: [{ code: 'CREDIT_CODE_CHECK_FAILED', field: 'startUp.creditCode' }] } } });
    });
  });

  describe('teachers\' capability training (师资能力提升培训)', () => {
    const asTeacher = (personId: string, name: string) => ({ ...person(personId, name), participant: { kind: 'teacher' as const, personId, name, idNumberMasked: '520102********0011' } });
    const teacherDetails = { ...details, kind: 'teacher_capability' as const, occupation: null, name: '2026年第一期培训师资能力提升班', targetTier: 'city' as const };
    const teacherClass = () =>
      completedClass({
        details: teacherDetails,
        enrol: [asTeacher('t-7', '陈老师'), asTeacher('t-8', '杨老师')],
        kindSettings: DEFAULT_TRAINING_KIND_SETTINGS.teacher_capability,
      });

    it('its participants are teachers, reviewed by the prefecture then the province, and completion feeds the teachers\' records', () => {
      const state = stateOf(teacherClass());
      expect(state).toMatchObject({ status: 'completed', roster: [{ funding: 'subsidised', eligibility: null }, { funding: 'subsidised', eligibility: null }] });
      expect(teacherTrainingRecords(state)).toEqual([
        { teacherId: 't-7', from: '2026-03', to: '2026-03', content: '2026年第一期培训师资能力提升班', organiserId: 'inst-1', certificateNo: '520102-2026-0001-001', tier: 'city' },
        { teacherId: 't-8', from: '2026-03', to: '2026-03', content: '2026年第一期培训师资能力提升班', organiserId: 'inst-1', certificateNo: '520102-2026-0001-002', tier: 'city' },
      ]);
      const submitted = teacherClass().filter((e) => e.type === 'ReviewSubmitted');
      expect(submitted[0]).toMatchObject({ data: { levels: ['city', 'province'] } });
    });

    it('trainees cannot enrol in it', () => {
      const registered = play([[{ ...registerCommand, details: teacherDetails, occupation: null }, school()]]);
      given(registered).when({ type: 'EnrolParticipants', enrolments: [person('p-1', '张三')], policy }, school()).thenThrows(RuleViolationError, /师资能力提升培训班只能报名教师，张三是学员/);
    });
  });

  it('only the class\'s institution records its follow-up', () =>
    given(completedClass()).when({ type: 'RecordFollowUp', followUp: {}, confirmedWarnings: [] }, context('inst-2', '2026-06-23T02:00:00Z')).thenThrows(ForbiddenError, /只有开班机构/));
  describe('证书打印 (the command layer stores the batch PDF)', () => {
    const system = context(null, COMPLETED_ON, 'system:training-class');
    const printed: TrainingClassEvent = { type: 'TrainingClassCertificatesPrinted', data: { fileId: 'file-1', sha256: 'abc', count: 3, printedOn: '2026-03-23' } };

    it('records the file of a completed class once per content, a reprint as a new print', () => {
      given(completedClass()).when({ type: 'RecordCertificatePrint', fileId: 'file-1', sha256: 'abc' }, system).then([printed]);
      given([...completedClass(), printed]).when({ type: 'RecordCertificatePrint', fileId: 'file-1', sha256: 'abc' }, system).thenNothing();
      given([...completedClass(), printed]).when({ type: 'RecordCertificatePrint', fileId: 'file-2', sha256: 'def' }, system).then([{ ...printed, data: { ...printed.data, fileId: 'file-2', sha256: 'def' } }]);
      expect(stateOf([...completedClass(), printed])).toMatchObject({ status: 'completed', certificateFile: { fileId: 'file-1', printedOn: '2026-03-23' } });
    });

    it('refuses a class that has not completed', () => given(started()).when({ type: 'RecordCertificatePrint', fileId: 'file-1', sha256: 'abc' }, system).thenThrows(RuleViolationError, /不能打印培训合格证书/));
  });
  describe('检查记录 and rectification (the class under inspection)', () => {
    const photo = { fileId: 'f-1', name: '现场.jpg', sha256: 'a'.repeat(64) };
    const input = { mode: 'on_site' as const, inspectedOn: '2026-03-17', findings: '现场学员人数与名册不符', rectificationRequired: true, rectifyBy: '2026-03-27' };
    const during = '2026-03-17T08:00:00.000Z';
    const inspect = { type: 'RecordInspection' as const, inspectionId: 'i-1', input, photos: [photo], authority: supervising };
    const inspected = () => play([[inspect, countyAt(during)]], started());

    it('a supervising authority records what it found, with photos; nobody else may', () => {
      expect(inspected().at(-1)).toEqual({
        type: 'TrainingClassInspected',
        data: { inspection: { inspectionId: 'i-1', ...input, photos: [photo], byOrgId: 'auth-520102', inspectorId: 'county-reviewer', status: 'awaiting_reply', replies: [], decisions: [] } },
      });
      given(started()).when({ ...inspect, authority: { supervises: false } }, countyAt(during)).thenThrows(ForbiddenError);
      given(completedClass()).when(inspect, countyAt(COMPLETED_ON)).thenThrows(RuleViolationError, /不能记录检查/);
      given(inspected()).when(inspect, countyAt(during)).thenNothing();
    });

    it('the institution replies, the authority returns it once and accepts the second reply', () => {
      const reply = (text: string) => ({ type: 'ReplyRectification' as const, inspectionId: 'i-1', reply: text, attachments: [] });
      given(inspected()).when(reply('已补齐名册'), county(during)).thenThrows(ForbiddenError);
      given(inspected()).when({ type: 'DecideRectification', inspectionId: 'i-1', accepted: true, opinion: '同意', authority: supervising }, countyAt(during)).thenThrows(RuleViolationError, /没有待审核的整改回复/);
      const replied = play([[reply('已补齐名册'), school(during)]], inspected());
      const returned = play([[{ type: 'DecideRectification', inspectionId: 'i-1', accepted: false, opinion: '未附签到表', authority: supervising }, countyAt(during)]], replied);
      const again = play([[reply('已补齐名册并附签到表'), school(during)], [{ type: 'DecideRectification', inspectionId: 'i-1', accepted: true, opinion: '整改到位', authority: supervising }, countyAt(during)]], returned);
      const state = stateOf(again);
      expect(state.status !== 'none' && state.inspections[0]).toMatchObject({ status: 'accepted', replies: [{ reply: '已补齐名册' }, { reply: '已补齐名册并附签到表' }], decisions: [{ accepted: false }, { accepted: true }] });
      given(again).when(reply('再次回复'), school(during)).thenThrows(RuleViolationError, /整改通过/);
    });
  });
  describe('点名 (a session\'s roll call in one go)', () => {
    const first = timetable[0]!;
    const during = '2026-03-16T02:00:00.000Z';
    const call = (present: string[], absent: string[]) => ({ type: 'MarkRollCall' as const, sessionId: first.sessionId, present, absent, reason: '课堂点名', teacherId: 't-1' });

    it('marks everyone of a begun session at once, as the single marks would', () => {
      const events = play([[call(['p-1', 'p-2'], ['p-3']), school(during)]], started());
      expect(events.at(-1)).toEqual({
        type: 'TrainingClassRollCallMarked',
        data: {
          sessionId: first.sessionId,
          marks: [
            { participantId: 'p-1', sessionId: first.sessionId, present: true, reason: '课堂点名', teacherId: 't-1', markedAt: during },
            { participantId: 'p-2', sessionId: first.sessionId, present: true, reason: '课堂点名', teacherId: 't-1', markedAt: during },
            { participantId: 'p-3', sessionId: first.sessionId, present: false, reason: '课堂点名', teacherId: 't-1', markedAt: during },
          ],
        },
      });
      expect(stateOf(events).status === 'in_progress' && stateOf(events)).toMatchObject({ marks: [{ participantId: 'p-1' }, { participantId: 'p-2' }, { participantId: 'p-3' }] });
    });

    it('refuses it all for one wrong person, before the session, or by another teacher', () => {
      given(started()).when(call(['p-1', 'p-9'], []), school(during)).thenThrows(ValidationError);
      given(started()).when(call(['p-1'], ['p-1']), school(during)).thenThrows(ValidationError);
      given(started()).when(call(['p-1'], []), school('2026-03-16T00:40:00.000Z')).thenThrows(RuleViolationError, /尚未开始/);
      given(started()).when({ ...call(['p-1'], []), teacherId: 't-2' }, school(during)).thenThrows(ForbiddenError);
    });
  });
});
