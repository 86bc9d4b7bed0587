// 空白毕业证 and 毕业证发放: the request carries the school's code (read from the school's stream),
// the issue the graduate as the student's own stream says (not a read model: a graduation approved
// a moment ago counts at once).
import { randomUUID } from 'node:crypto';
import { diplomaStockDecider, diplomaStockStreams, type DiplomaCorrections, type DiplomaStockState, type GraduateFacts } from '../../domain/diploma-stock/diploma-stock';
import { NotFoundError, RuleViolationError } from '../../domain/shared/errors';
import { withSubmission, type ReviewPolicy } from '../../domain/review/review';
import { majorDecider } from '../../domain/major/major';
import { SEX_LABELS } from '../../domain/personal-data/id-number';
import { studentDecider } from '../../domain/student/student';
import { STUDY_MODE_LABELS } from '../../domain/student/student-input';
import { CLASS_TYPE_LABELS } from '../../domain/technical-school/school-vocabulary';
import type { DiplomaData } from './diploma-pdf';
import type { EventStore } from '../../store/event-store/event-store';
import { loadState } from '../../store/fold';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import { reviewableModule, type ReviewableModule } from '../review/review-commands';
import { noSubmission, type SubmissionFor } from '../review/submission';
import { majorStreamId } from '../major/major-commands';
import { studentStreamId } from '../student/student-commands';
import type { TechnicalSchoolCommands } from '../technical-school/technical-school-commands';
import type { PersonalDataProtector } from '../personal-data/protected-field';

export const DIPLOMA_STOCK_MODULE = diplomaStockStreams.module;
export const diplomaStockStreamId = diplomaStockStreams.streamId;

export const diplomaStockReviewable = (policy?: ReviewPolicy): ReviewableModule =>
  reviewableModule({ module: DIPLOMA_STOCK_MODULE, label: '空白毕业证', decider: diplomaStockDecider, ...(policy ? { policy } : {}) });

export function diplomaStockCommands(
  store: EventStore,
  schools: Pick<TechnicalSchoolCommands, 'state'>,
  submissionFor: SubmissionFor = noSubmission,
  protector?: Pick<PersonalDataProtector, 'reveal'>,
) {
  return {
    /** Requests blank diplomas; with `submit`, submits the request for review in the same append. */
    async request(schoolId: string, quantity: number, reason: string, request: RequestContext, options: { submit?: boolean } = {}) {
      const school = await schools.state(schoolId);
      if (school.status !== 'active') throw new NotFoundError('院校不存在');
      const decider = options.submit ? withSubmission(diplomaStockDecider, await submissionFor(schoolId)) : diplomaStockDecider;
      // The request id is the command id: a retried request is the same request.
      const requestId = request.commandId || randomUUID();
      return handleCommand(store, decider, diplomaStockStreamId(schoolId), { type: 'RequestDiplomaStock', schoolId, schoolCode: school.code, requestId, quantity, reason }, request);
    },
    spoil: (schoolId: string, number: string, reason: string, request: RequestContext) => handleCommand(store, diplomaStockDecider, diplomaStockStreamId(schoolId), { type: 'SpoilDiplomaBlank', number, reason }, request),
    /** Issues the next number in stock to a graduate of the school. */
    async issue(schoolId: string, studentId: string, request: RequestContext) {
      const student = await loadState(store, studentDecider, studentStreamId(studentId));
      if (student.status === 'none') throw new NotFoundError('学籍记录不存在');
      const finished = student.status === 'left' && (student.leftAs === 'graduated' || student.leftAs === 'completed');
      const graduate: GraduateFacts = {
        studentId,
        name: student.person.name,
        schoolId: finished ? student.enrolment.schoolId : null,
        outcome: finished ? (student.leftAs as 'graduated' | 'completed') : null,
        on: finished ? student.leftOn : null,
      };
      return handleCommand(store, diplomaStockDecider, diplomaStockStreamId(schoolId), { type: 'IssueDiploma', graduate }, request);
    },
    state: (schoolId: string): Promise<DiplomaStockState> => loadState(store, diplomaStockDecider, diplomaStockStreamId(schoolId)),
    /** What an issued diploma prints, read from the stock's, the student's, the school's and the major's streams. */
    async diplomaData(schoolId: string, number: string): Promise<DiplomaData> {
      const stock = await loadState(store, diplomaStockDecider, diplomaStockStreamId(schoolId));
      const issued = stock.status === 'open' ? stock.issued[number] : undefined;
      if (!issued) throw new NotFoundError(`编号 ${number} 不是本校已发放的毕业证`);
      if (!issued.approved) throw new RuleViolationError(`编号 ${number} 尚未经主管部门审批，不能打印`, 'diploma.not_approved');
      const [student, school] = await Promise.all([loadState(store, studentDecider, studentStreamId(issued.studentId)), schools.state(schoolId)]);
      if (student.status !== 'left' || school.status !== 'active') throw new NotFoundError('学籍记录不存在');
      const major = await loadState(store, majorDecider, majorStreamId(student.enrolment.majorId));
      const majorName = major.status === 'declared' ? ((major.approved ?? major.pending)?.name ?? '') : '';
      // An approved amendment's corrections replace the values the records hold.
      const c = issued.corrections ?? {};
      return {
        number,
        outcome: issued.outcome,
        name: c.name ?? student.person.name,
        sexLabel: SEX_LABELS[student.person.sex],
        birthDate: c.birthDate ?? student.person.birthDate,
        enrolledOn: c.enrolledOn ?? student.enrolment.enrolledOn,
        leftOn: c.leftOn ?? student.leftOn,
        majorName: c.majorName ?? majorName,
        classTypeLabel: CLASS_TYPE_LABELS[student.enrolment.classType],
        studyModeLabel: STUDY_MODE_LABELS[student.enrolment.studyMode],
        schoolName: school.info.name,
        principal: school.info.principal,
        issuedOn: issued.issuedOn,
      };
    },
    /** Applies for a corrected diploma (a new number from stock; the old void once approved). */
    amend: (schoolId: string, number: string, corrections: DiplomaCorrections, reason: string, request: RequestContext) =>
      handleCommand(store, diplomaStockDecider, diplomaStockStreamId(schoolId), { type: 'AmendDiploma', number, corrections, reason }, request),
    /** Applies for a reprint (lost or damaged: a new number from stock; the old void once approved). */
    reprint: (schoolId: string, number: string, reason: string, request: RequestContext) =>
      handleCommand(store, diplomaStockDecider, diplomaStockStreamId(schoolId), { type: 'ReprintDiploma', number, reason }, request),
    /** Withdraws a diploma awaiting approval: its number returns to stock. */
    cancel: (schoolId: string, number: string, request: RequestContext) => handleCommand(store, diplomaStockDecider, diplomaStockStreamId(schoolId), { type: 'CancelDiplomaIssue', number }, request),
    /**
     * The name each student's photo gets in the zip: the ID number (read from the student's stream and
     * decrypted: the caller records the export before handing it out) or the diploma number in force
     * (students without one are left out).
     */
    async photoNames(schoolId: string, studentIds: string[], namedBy: 'idNumber' | 'diplomaNumber'): Promise<{ studentId: string; name: string }[]> {
      if (namedBy === 'diplomaNumber') {
        const stock = await loadState(store, diplomaStockDecider, diplomaStockStreamId(schoolId));
        if (stock.status !== 'open') return [];
        const byStudent = new Map<string, string>();
        // The approved diploma wins over one awaiting approval (a replacement not yet approved).
        for (const [number, d] of Object.entries(stock.issued).sort(([, a], [, b]) => Number(a.approved) - Number(b.approved))) byStudent.set(d.studentId, number);
        return studentIds.flatMap((studentId) => (byStudent.has(studentId) ? [{ studentId, name: byStudent.get(studentId)! }] : []));
      }
      if (!protector) throw new Error('diploma photo export by ID number needs the personal-data protector');
      const names = [];
      for (const studentId of studentIds) {
        const student = await loadState(store, studentDecider, studentStreamId(studentId));
        if (student.status !== 'none') names.push({ studentId, name: protector.reveal('idNumber', student.person.idNumber.cipher) });
      }
      return names;
    },
    /** Records an export of approved photos on the school's diploma record (an audited view of personal data). */
    recordPhotoExport: (schoolId: string, namedBy: 'idNumber' | 'diplomaNumber', studentIds: string[], request: RequestContext) =>
      handleCommand(store, diplomaStockDecider, diplomaStockStreamId(schoolId), { type: 'RecordDiplomaPhotoExport', namedBy, studentIds }, request),
    recordPrint: (schoolId: string, number: string, request: RequestContext) => handleCommand(store, diplomaStockDecider, diplomaStockStreamId(schoolId), { type: 'RecordDiplomaPrint', number }, request),
  };
}

export type DiplomaStockCommands = ReturnType<typeof diplomaStockCommands>;
