// Who is in a class: participants (trainees, or teachers in 师资能力提升培训) and the teachers who
// teach it. Whether a person's record is effective, a teacher certified, and what else they do at
// the class's times are lookups the command layer makes over other streams; these types say
// exactly what it must provide, and the checks here turn the answers into events or refusals.
import { chinaDate, type IsoDate } from '../personal-data/normalize';
import { RuleViolationError, ValidationError } from '../shared/errors';
import { isCalendarDate } from '../shared/validation';
import { PARTICIPANT_KIND_LABELS, TRAINING_KIND_LABELS, participantKindOf, type ClassDetails, type FundingSource, type ParticipantKind } from './class-details';
import { checkEligibility, describeEligibility, type EligibilityOutcome, type PolicyInForce, type SubsidisedTraining } from './eligibility';
import { assertParticipantFree, assertTeacherFree, type BusyInterval, type Session } from './timetable';

export interface ParticipantRef {
  kind: ParticipantKind;
  /** The trainee's or teacher's record id. */
  personId: string;
  name: string;
  /** The ID number as every roster shows it (masked). */
  idNumberMasked: string;
}

export interface Enrolment {
  participant: ParticipantRef;
  funding: FundingSource;
  /** null where no subsidy is at stake: a self-paid class, or teachers' training. */
  eligibility: EligibilityOutcome | null;
  /** The training commitment (承诺书) the participant signed. */
  commitment: { signedOn: IsoDate; fileId: string | null };
  enrolledOn: IsoDate;
  /** The training voucher (职业培训券) the place is paid with, taken on the holder's voucher stream first; absent: none. */
  voucherId?: string;
}

export interface RosterEntry extends Enrolment {
  /** On the roster from (enrolment before opening; the approval of a change that added them). */
  joinedOn: IsoDate;
  withdrawal: { reason: string; on: IsoDate } | null;
}

/** One person to enrol, as the command layer prepares it (enrolment by list, by ID number, or by import row). */
export interface EnrolmentRequest {
  participant: ParticipantRef;
  /** The person's record is effective: a trainee approved and held by this institution; a teacher approved and not revoked. */
  effective: boolean;
  /** Sessions of the person's other classes (approved or running, not withdrawn from, not this class), China time. */
  busy: BusyInterval[];
  /** The person's subsidised trainings (eligibility.ts); may be [] for a self-paid class and for teachers. */
  history: SubsidisedTraining[];
  /**
   * Left out: subsidised when eligible, otherwise self-paid with the reasons kept (the import's way).
   * 'subsidised': refused with the reasons when not eligible (the form, after showing them).
   * 'self_paid': self-paid whatever the eligibility.
   */
  funding?: FundingSource;
  commitment: { signed: boolean; signedOn: IsoDate; fileId?: string | null };
  /** A training voucher the person pays with: the voucher module has checked and taken it (commands/voucher); the place must be subsidised. */
  voucherId?: string;
}

export interface TeacherStanding {
  /** The teacher's record is approved. */
  effective: boolean;
  /** Engaged by this class's institution, the engagement approved (its pool, 本机构师资库). */
  inInstitutionPool: boolean;
  /** Holds the teaching qualification (上岗资格认定). */
  certified: boolean;
  revoked: boolean;
}

/** A teacher to assign, as the command layer prepares it. */
export interface TeacherCandidate {
  teacherId: string;
  name: string;
  standing: TeacherStanding;
  /** Sessions the teacher teaches in other classes anywhere in the province, China time. */
  busy: BusyInterval[];
}

export interface AssignedTeacher {
  teacherId: string;
  name: string;
}

export function checkTeacherStanding(name: string, standing: TeacherStanding): void {
  if (standing.revoked) throw new RuleViolationError(`教师${name}已被撤销师资资格，不能选配`, 'training_class.teacher_revoked');
  if (!standing.effective) throw new RuleViolationError(`教师${name}的师资信息尚未审核生效，不能选配`, 'training_class.teacher_not_effective');
  if (!standing.inInstitutionPool) throw new RuleViolationError(`教师${name}不在本机构师资库中（未聘用或聘用尚未审核），不能选配`, 'training_class.teacher_not_in_pool');
  if (!standing.certified) throw new RuleViolationError(`教师${name}尚未取得师资上岗资格认定，不能选配`, 'training_class.teacher_uncertified');
}

/** The teachers as assigned, after every rule: standing, and no session of theirs overlapping their other classes. */
export function assignTeachers(candidates: readonly TeacherCandidate[], sessions: readonly Session[]): AssignedTeacher[] {
  if (candidates.length === 0) throw new ValidationError([{ field: 'teachers', message: '请至少选配一名教师' }]);
  const seen = new Set<string>();
  return candidates.flatMap((c) => {
    if (seen.has(c.teacherId)) return [];
    seen.add(c.teacherId);
    checkTeacherStanding(c.name, c.standing);
    assertTeacherFree(c, sessions, c.busy);
    return [{ teacherId: c.teacherId, name: c.name }];
  });
}

/** Every teacher a session names must be assigned to the class. */
export function assertSessionTeachersAssigned(sessions: readonly Session[], teachers: readonly AssignedTeacher[], field = 'sessions'): void {
  const assigned = new Set(teachers.map((t) => t.teacherId));
  const fields = sessions.flatMap((s, i) => (assigned.has(s.teacherId) ? [] : [{ field: `${field}.${i}.teacherId`, message: `${s.date} ${s.start}的授课教师未选配到本班，请先选配教师` }]));
  if (fields.length) throw new ValidationError(fields, '课程表中有授课教师未选配到本班');
}

/** Who is enrolled now (withdrawn ones stay on the record but no longer count). */
export const activeRoster = (roster: readonly RosterEntry[]) => roster.filter((e) => e.withdrawal === null);

/**
 * The enrolments a request makes, after every rule (kind of person, effective record, signed
 * commitment, no overlapping class, eligibility); people already enrolled are left out.
 */
export function buildEnrolments(
  requests: readonly EnrolmentRequest[],
  target: { classId: string; details: ClassDetails; sessions: readonly Session[]; roster: readonly RosterEntry[] },
  policy: PolicyInForce,
  now: string,
): Enrolment[] {
  const today = chinaDate(now);
  const expected = participantKindOf(target.details.kind);
  const seen = new Set(target.roster.map((e) => e.participant.personId));
  const enrolments: Enrolment[] = [];
  for (const request of requests) {
    const { participant } = request;
    const former = target.roster.find((e) => e.participant.personId === participant.personId);
    if (former?.withdrawal) throw new RuleViolationError(`${participant.name}已于${former.withdrawal.on}退学，不能再次报名本班`, 'training_class.withdrawn_before');
    if (seen.has(participant.personId)) continue;
    seen.add(participant.personId);
    if (participant.kind !== expected) {
      throw new RuleViolationError(`${TRAINING_KIND_LABELS[target.details.kind]}班只能报名${PARTICIPANT_KIND_LABELS[expected]}，${participant.name}是${PARTICIPANT_KIND_LABELS[participant.kind]}`, 'training_class.participant_kind');
    }
    if (!request.effective) throw new RuleViolationError(`${participant.name}的${PARTICIPANT_KIND_LABELS[participant.kind]}信息尚未审核生效，不能报名`, 'training_class.participant_not_effective');
    const { signed, signedOn } = request.commitment;
    if (!signed) throw new RuleViolationError(`${participant.name}尚未签署培训承诺书，不能报名`, 'training_class.commitment_unsigned');
    if (!isCalendarDate(signedOn) || signedOn > today) throw new ValidationError([{ field: 'commitment.signedOn', message: `${participant.name}的承诺书签署日期应为不晚于今天的有效日期` }]);
    assertParticipantFree(participant, target.sessions, request.busy);
    enrolments.push({ participant, ...funding(request, target, policy), commitment: { signedOn, fileId: request.commitment.fileId ?? null }, enrolledOn: today, ...(request.voucherId ? { voucherId: request.voucherId } : {}) });
  }
  return enrolments;
}

function funding(request: EnrolmentRequest, target: { classId: string; details: ClassDetails }, policy: PolicyInForce): Pick<Enrolment, 'funding' | 'eligibility'> {
  if (request.voucherId && (target.details.fundingSource === 'self_paid' || request.participant.kind === 'teacher')) {
    throw new RuleViolationError(`${request.participant.name}：自费培训班和师资培训不能使用培训券`, 'training_class.voucher_not_eligible');
  }
  if (target.details.fundingSource === 'self_paid') return { funding: 'self_paid', eligibility: null };
  // Teachers' training is paid by the organising authority, not from a person's subsidy entitlement.
  if (request.participant.kind === 'teacher') return { funding: 'subsidised', eligibility: null };
  const eligibility = checkEligibility(policy, request.history, { classId: target.classId, details: target.details });
  if (request.voucherId && (request.funding === 'self_paid' || !eligibility.eligible)) {
    throw new RuleViolationError(`${request.participant.name}${request.funding === 'self_paid' ? '选择自费报名' : describeEligibility(eligibility)}，不能使用培训券`, 'training_class.voucher_not_eligible');
  }
  if (request.funding === 'self_paid') return { funding: 'self_paid', eligibility };
  if (!eligibility.eligible && request.funding === 'subsidised') {
    throw new RuleViolationError(`${request.participant.name}${describeEligibility(eligibility)}。如仍参加培训，请选择以自费方式报名`, 'training_class.not_eligible');
  }
  return { funding: eligibility.eligible ? 'subsidised' : 'self_paid', eligibility };
}
