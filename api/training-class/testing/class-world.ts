// The people and records the training-class API specs start from (used by *.spec.ts only), made
// through the platform's own commands: the cooking occupation published for the Nanming school, its
// teachers declared, approved and certified (one left uncertified), trainees entered and approved,
// one of them also linked to the Yunyan school, and the 2026 holidays imported. Dates are relative
// to today (China time): a class that starts in three weeks is declared in time whatever the day.
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../../commands/pipeline/request-context';
import { shiftDays } from '../../../domain/calendar/working-days';
import { chinaDate } from '../../../domain/personal-data/normalize';
import { parseTeacherInput } from '../../../domain/teacher/teacher-input';
import { parseClassDetails, parseDeclaration } from '../../../domain/training-class/class-details';
import { parseTimetable } from '../../../domain/training-class/timetable';
import { parseTraineeInput } from '../../../domain/trainee/trainee-input';
import { idNumber } from '../../../scripts/e2e/steps/test-data';
import type { ApiHarness, TestUser } from '../../../testing/api-harness';
import { ORGS } from '../../../testing/seed';

export const today = () => chinaDate(new Date().toISOString());
export const inDays = (days: number) => shiftDays(today(), days);

/** A request acting as a test user (its own organisation), at an optional moment (time travel for the running class). */
export const as = (api: ApiHarness, user: TestUser, orgId: string, now?: string): RequestContext => {
  const commandId = randomUUID();
  return { actor: { id: api.userIds[user], role: 'tester', orgId }, commandId, correlationId: commandId, ip: null, ...(now ? { now: new Date(now) } : {}) };
};
/** A provincial authority's request (no test user works at the province's authority desk). */
export const province = (): RequestContext => {
  const commandId = randomUUID();
  return { actor: { id: 'province-operator', role: 'authority_operator', orgId: ORGS.province }, commandId, correlationId: commandId, ip: null };
};

export interface ClassWorld {
  occupation: { code: string; name: string; level: '4' };
  teachers: { li: string; wang: string; uncertified: string; yunyan: string };
  trainees: string[];
  /** A trainee approved at both schools. */
  shared: string;
  idNumbers: Record<string, string>;
}

export async function classWorld(api: ApiHarness): Promise<ClassWorld> {
  const { commands } = api.platform;
  const school = (user: TestUser = 'nanmingSchool') => as(api, user, user === 'yunyanSchool' ? ORGS.yunyanSchool : ORGS.nanmingSchool);
  const county = () => as(api, 'nanmingReviewer', ORGS.nanming);
  const day = today();

  await commands.classSettings.importShippedHolidays(2026, province());

  const occupation = { code: '4-03-02-01', name: '中式烹调师', level: '4' as const };
  const occupationId = randomUUID();
  await commands.occupations.declare(occupationId, ORGS.nanmingSchool, { ...occupation, hours: 40, scope: '中式热菜' }, school(), { submit: true });
  await commands.reviews.approve(`occupation-${occupationId}`, '同意', [], county());
  await commands.reviews.approve(`occupation-${occupationId}`, '同意', [], as(api, 'guiyangReviewer', ORGS.guiyang));

  const teacher = async (user: TestUser, reviewer: TestUser, countyOrg: string, name: string, id: string, certify: boolean) => {
    const input = parseTeacherInput({ name, idNumber: id, fullTime: true, subjects: ['中式烹调'], level: 'senior', trainingQualification: '', yearsTeaching: 10, trainingHistory: [] }, day);
    const declared = await commands.teachers.declare(user === 'yunyanSchool' ? ORGS.yunyanSchool : ORGS.nanmingSchool, input, school(user), { submit: true });
    const teacherId = declared.streamId.slice('teacher-'.length);
    await commands.reviews.approve(declared.streamId, '同意', [], as(api, reviewer, countyOrg));
    if (certify) await commands.teachers.certify(teacherId, `GZSZ-${teacherId.slice(0, 8)}`, '2026-01-05', as(api, reviewer, countyOrg));
    return teacherId;
  };
  const teachers = {
    li: await teacher('nanmingSchool', 'nanmingReviewer', ORGS.nanming, '李芳', idNumber('520102', '19800101', '122'), true),
    wang: await teacher('nanmingSchool', 'nanmingReviewer', ORGS.nanming, '王强', idNumber('520102', '19810202', '131'), true),
    uncertified: await teacher('nanmingSchool', 'nanmingReviewer', ORGS.nanming, '赵敏', idNumber('520102', '19820303', '142'), false),
    yunyan: await teacher('yunyanSchool', 'yunyanReviewer', ORGS.yunyan, '陈刚', idNumber('520103', '19830404', '151'), true),
  };

  const idNumbers: Record<string, string> = {};
  const trainee = async (name: string, id: string) => {
    const input = parseTraineeInput({ name, idNumber: id, personCategory: 'rural_migrant', phone: '13800138000', bankAccount: '' }, day);
    const entered = await commands.trainees.enter(ORGS.nanmingSchool, input, [], school(), { submit: true });
    await commands.reviews.approve(entered.streamId, '同意', [], county());
    const traineeId = entered.streamId.slice('trainee-'.length);
    idNumbers[traineeId] = id;
    return traineeId;
  };
  const names = ['张三', '李四', '王五', '赵六', '孙七', '周八'];
  const trainees: string[] = [];
  for (const [i, name] of names.entries()) trainees.push(await trainee(name, idNumber('520102', `1995010${i + 1}`, `20${i}`)));
  // The first trainee is linked to the Yunyan school too (its county approves the link).
  const shared = trainees[0]!;
  const linked = await commands.trainees.enter(ORGS.yunyanSchool, parseTraineeInput({ name: '张三', idNumber: idNumbers[shared]!, personCategory: 'rural_migrant', phone: '13800138000', bankAccount: '' }, day), [], school('yunyanSchool'), { submit: true });
  await commands.reviews.approve(linked.streamId, '同意', [], as(api, 'yunyanReviewer', ORGS.yunyan));

  await api.settled();
  return { occupation, teachers, trainees, shared, idNumbers };
}

/** A class's registration form: a cooking class at the Nanming school's venue, starting `startIn` days from today for `days` days. */
export const classInput = (world: ClassWorld, over: Record<string, unknown> = {}, startIn = 21, days = 2) => ({
  name: '南明区中式烹调师就业技能培训班',
  kind: 'employment',
  occupation: world.occupation,
  plannedStart: inDays(startIn),
  plannedEnd: inDays(startIn + days - 1),
  minSize: 2,
  maxSize: 10,
  venue: { address: '贵阳市南明区花果园R1区', countyCode: '520102', latitude: 26.56, longitude: 106.71 },
  fundingSource: 'subsidised',
  ...over,
});

/** Two sessions a day (09:00-12:00 theory by 李芳, 14:00-17:00 practice by 王强) over `days` days from `startIn`. */
export const sessionsFor = (world: ClassWorld, startIn = 21, days = 2, times: [string, string][] = [['09:00', '12:00'], ['14:00', '17:00']]) =>
  Array.from({ length: days }, (_, d) => inDays(startIn + d)).flatMap((date) =>
    times.map(([start, end], i) => ({ date, start, end, subject: i === 0 ? '烹饪原料知识' : '刀工与火候', mode: i === 0 ? 'theory' : 'practice', teacherId: i === 0 ? world.teachers.li : world.teachers.wang, venue: '花果园R1区教室' })),
  );

export const enrolment = (personId: string) => ({ personId, commitmentSigned: true, commitmentSignedOn: today() });

export const declarationInput = (hours: number, assessmentDate: string) => ({
  teachingPlan: { totalHours: hours, theoryPercent: 50, practicePercent: 50, outline: '原料知识、刀工、火候、菜品制作' },
  assessmentPlan: { mode: 'written_practical', passScore: 60, plannedDate: assessmentDate, organiser: '南明区职业技能鉴定所', description: '' },
  resources: ['《中式烹调师》教材', '实训厨房'],
  commitment: true,
});

/**
 * A class of an institution completed in the past (an SYB class of one trainee, registered in
 * January, run and completed on 2026-02-02), its follow-ups overdue by now: for the access matrix's
 * lists. Everything through the platform's commands, each step at its moment.
 */
export async function seedCompletedClass(platform: ApiHarness['platform'], school: { institutionId: string; countyOrgId: string; countyCode: string; seq: string }) {
  const { commands } = platform;
  const actor = (id: string, orgId: string, now: string): RequestContext => {
    const commandId = randomUUID();
    return { actor: { id, role: 'tester', orgId }, commandId, correlationId: commandId, ip: null, now: new Date(now) };
  };
  const operator = (now: string) => actor(`matrix-operator-${school.seq}`, school.institutionId, now);
  const reviewer = (now: string) => actor(`matrix-reviewer-${school.seq}`, school.countyOrgId, now);
  const T0 = '2026-01-05T01:00:00Z';
  const teacherInput = parseTeacherInput({ name: '创业导师', idNumber: idNumber(school.countyCode, '19790909', `3${school.seq}1`), fullTime: true, subjects: ['创业培训'], level: 'senior', trainingQualification: 'SYB讲师', yearsTeaching: 9, trainingHistory: [] }, '2026-01-05');
  const teacher = await commands.teachers.declare(school.institutionId, teacherInput, operator(T0), { submit: true });
  const teacherId = teacher.streamId.slice('teacher-'.length);
  await commands.reviews.approve(teacher.streamId, '同意', [], reviewer(T0));
  await commands.teachers.certify(teacherId, `SYB-${school.seq}`, '2026-01-05', reviewer(T0));
  const traineeInput = parseTraineeInput({ name: '创业学员', idNumber: idNumber(school.countyCode, '19960606', `4${school.seq}2`), personCategory: 'graduate', phone: '13800138009', bankAccount: '' }, '2026-01-05');
  const trainee = await commands.trainees.enter(school.institutionId, traineeInput, [], operator(T0), { submit: true });
  const traineeId = trainee.streamId.slice('trainee-'.length);
  await commands.reviews.approve(trainee.streamId, '同意', [], reviewer(T0));
  await platform.runner.waitFor(trainee.position!, undefined, 30_000);

  const details = parseClassDetails(
    { name: `SYB创业培训班${school.seq}`, kind: 'entrepreneurship', subKind: 'syb', plannedStart: '2026-02-02', plannedEnd: '2026-02-02', minSize: 1, maxSize: 30, venue: { address: '贵阳市', countyCode: school.countyCode, latitude: 26.57, longitude: 106.71 }, fundingSource: 'subsidised' },
    '2026-01-05',
  );
  const registered = await commands.trainingClasses.register(school.institutionId, details, operator(T0));
  const classId = registered.streamId.slice('training-class-'.length);
  const classes = commands.trainingClasses;
  await classes.setTimetable(classId, parseTimetable([{ date: '2026-02-02', start: '09:00', end: '12:00', subject: '创业意识', mode: 'theory', teacherId, venue: '教室' }]), operator(T0));
  await classes.assignTeachers(classId, [teacherId], operator(T0));
  await classes.enrol(classId, [{ personId: traineeId, commitmentSigned: true, commitmentSignedOn: '2026-01-05' }], operator(T0));
  await classes.declare(classId, parseDeclaration({ ...declarationInput(4, '2026-02-02'), assessmentPlan: { mode: 'written', passScore: 60, plannedDate: '2026-02-02', organiser: '人社局', description: '' } }), '', operator(T0));
  await commands.reviews.approve(`training-class-${classId}`, '同意开班', [], reviewer('2026-01-06T01:00:00Z'));
  await classes.start(classId, operator('2026-02-02T00:30:00Z'));
  const after = '2026-02-02T05:00:00Z';
  await classes.markAttendance(classId, { sessionId: '2026-02-02T09:00', participantId: traineeId, present: true, reason: '点名' }, operator(after));
  const inspectionId = randomUUID();
  await commands.classInspections.record(classId, inspectionId, { mode: 'on_site', inspectedOn: '2026-02-02', findings: '现场检查，未发现问题', rectificationRequired: false, rectifyBy: null }, [], reviewer(after));
  await classes.recordAssessments(classId, [{ participantId: traineeId, writtenScore: 90, practicalScore: null, certificateNo: null, passed: true }], operator(after));
  await classes.requestCompletion(classId, '', operator(after));
  const completed = await commands.reviews.approve(`training-class-${classId}`, '同意结业', [], reviewer(after));
  return { classId, traineeId, teacherId, inspectionId, position: completed.position! };
}
