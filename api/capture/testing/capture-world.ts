// A running class to capture in (used by specs only): an institution's certified teacher, an
// approved trainee, an SYB class of one 09:00-12:00 session on `date`, declared, approved and
// started, every step through the platform's own commands at its moment (time travel), so the class
// is in progress whatever today is.
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../../commands/pipeline/request-context';
import { shiftDays } from '../../../domain/calendar/working-days';
import { parseTeacherInput } from '../../../domain/teacher/teacher-input';
import { parseClassDetails, parseDeclaration } from '../../../domain/training-class/class-details';
import { parseTimetable } from '../../../domain/training-class/timetable';
import { parseTraineeInput } from '../../../domain/trainee/trainee-input';
import { idNumber } from '../../../scripts/e2e/steps/test-data';
import type { Platform } from '../../platform';
import { declarationInput } from '../../training-class/testing/class-world';

export interface RunningClass {
  classId: string;
  traineeId: string;
  teacherId: string;
  /** The one session: `${date}T09:00`, 09:00-12:00 China time. */
  sessionId: string;
  date: string;
  institutionId: string;
  venue: { latitude: number; longitude: number };
}

export const actorAt = (id: string, orgId: string, now: string): RequestContext => {
  const commandId = randomUUID();
  return { actor: { id, role: 'tester', orgId }, commandId, correlationId: commandId, ip: null, now: new Date(now) };
};

/** A China-time wall clock on `date` as a UTC instant (`at('2026-03-02', '09:05')`). */
export const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`).toISOString();

/** `seq` is one digit, distinct per class of a test database (it makes the people's ID numbers). */
export async function seedRunningClass(
  platform: Platform,
  school: { institutionId: string; countyOrgId: string; countyCode: string; seq: string; date: string },
): Promise<RunningClass> {
  const { commands } = platform;
  const { date, seq } = school;
  const T0 = at(shiftDays(date, -28), '09:00');
  const operator = (now: string) => actorAt(`capture-operator-${seq}`, school.institutionId, now);
  const reviewer = (now: string) => actorAt(`capture-reviewer-${seq}`, school.countyOrgId, now);
  const registered = shiftDays(date, -28);
  const teacherInput = parseTeacherInput({ name: '抓拍教师', idNumber: idNumber(school.countyCode, '19780808', `6${seq}1`), fullTime: true, subjects: ['创业培训'], level: 'senior', trainingQualification: 'SYB讲师', yearsTeaching: 9, trainingHistory: [] }, registered);
  const teacher = await commands.teachers.declare(school.institutionId, teacherInput, operator(T0), { submit: true });
  const teacherId = teacher.streamId.slice('teacher-'.length);
  await commands.reviews.approve(teacher.streamId, '同意', [], reviewer(T0));
  await commands.teachers.certify(teacherId, `SYB-C${seq}`, registered, reviewer(T0));
  const traineeInput = parseTraineeInput({ name: '抓拍学员', idNumber: idNumber(school.countyCode, '19970707', `5${seq}3`), personCategory: 'graduate', phone: '13800138011', bankAccount: '' }, registered);
  const trainee = await commands.trainees.enter(school.institutionId, traineeInput, [], operator(T0), { submit: true });
  const traineeId = trainee.streamId.slice('trainee-'.length);
  await commands.reviews.approve(trainee.streamId, '同意', [], reviewer(T0));
  await platform.runner.waitFor(trainee.position!, undefined, 30_000);

  const venue = { latitude: 26.57, longitude: 106.71 };
  const details = parseClassDetails(
    { name: `SYB创业培训班（抓拍${seq}）`, kind: 'entrepreneurship', subKind: 'syb', plannedStart: date, plannedEnd: date, minSize: 1, maxSize: 30, venue: { address: '贵阳市', countyCode: school.countyCode, ...venue }, fundingSource: 'subsidised' },
    registered,
  );
  const klass = await commands.trainingClasses.register(school.institutionId, details, operator(T0));
  const classId = klass.streamId.slice('training-class-'.length);
  const classes = commands.trainingClasses;
  await classes.setTimetable(classId, parseTimetable([{ date, start: '09:00', end: '12:00', subject: '创业意识', mode: 'theory', teacherId, venue: '教室' }]), operator(T0));
  await classes.assignTeachers(classId, [teacherId], operator(T0));
  await classes.enrol(classId, [{ personId: traineeId, commitmentSigned: true, commitmentSignedOn: registered }], operator(T0));
  const declaration = parseDeclaration({ ...declarationInput(4, date), assessmentPlan: { mode: 'written', passScore: 60, plannedDate: date, organiser: '人社局', description: '' } });
  await classes.declare(classId, declaration, '', operator(T0));
  await commands.reviews.approve(`training-class-${classId}`, '同意开班', [], reviewer(at(shiftDays(date, -27), '09:00')));
  const started = await classes.start(classId, operator(at(date, '08:30')));
  await platform.runner.waitFor(started.position!, undefined, 30_000);
  return { classId, traineeId, teacherId, sessionId: `${date}T09:00`, date, institutionId: school.institutionId, venue };
}
