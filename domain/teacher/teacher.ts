// A teacher is one person in the provincial pool, keyed like a trainee on the ID number: an
// institution declares them, its supervising authority reviews; several institutions may engage
// the same person. Authorities place the teacher in a tier of the pool, certify the teaching
// qualification (上岗资格认定) and may revoke; a revoked teacher can be engaged by nobody.
import { addAffiliation, everApproved, holdsRights, homeInstitution, isAffiliated, pendingAffiliations, setAffiliationStatus, type Affiliation } from '../affiliation/affiliation';
import {
  decideWithReview,
  evolveReview,
  initialReviewState,
  isReviewCommand,
  isReviewEvent,
  reopenReview,
  type ReviewCommand,
  type ReviewEvent,
  type ReviewParticipation,
  type ReviewPolicy,
  type ReviewState,
} from '../review/review';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../shared/errors';
import { sameProfile, type PoolTier, type TeacherProfile } from './teacher-input';
import { streamNaming } from '../shared/streams';
import { checkReferenceFaceFacts, referenceFaceSummary, sameReference, type ReferenceFaceFacts, type ReferenceFaceSummary } from '../capture/reference-face';

/** The module's streams: `teacher-<id>`. */
export const teacherStreams = streamNaming('teacher');

export const DEFAULT_TEACHER_REVIEW_POLICY: ReviewPolicy = { levels: ['county'], skipMissingLevels: true };

export type TeacherDeclared = DomainEvent<'TeacherDeclared', { teacherId: string; profile: TeacherProfile; institutionId: string }>;
export type TeacherEngagementRequested = DomainEvent<'TeacherEngagementRequested', { institutionId: string }>;
export type TeacherProfileUpdated = DomainEvent<'TeacherProfileUpdated', { profile: TeacherProfile }>;
export type TeacherEngagementApproved = DomainEvent<'TeacherEngagementApproved', { institutionId: string }>;
export type TeacherEngagementRejected = DomainEvent<'TeacherEngagementRejected', { institutionId: string; reason: string }>;
export type TeacherQualificationCertified = DomainEvent<'TeacherQualificationCertified', { certificateNo: string; certifiedOn: string; certifiedByOrgId: string }>;
export type TeacherPoolTierAssigned = DomainEvent<'TeacherPoolTierAssigned', { tier: PoolTier; managedByOrgId: string }>;
export type TeacherRevoked = DomainEvent<'TeacherRevoked', { reason: string }>;
/** A change to an approved teacher, proposed by an institution holding rights; effective only once reviewed. */
export type TeacherProfileChangeProposed = DomainEvent<'TeacherProfileChangeProposed', { profile: TeacherProfile; institutionId: string }>;
export type TeacherProfileChangeApproved = DomainEvent<'TeacherProfileChangeApproved', { institutionId: string }>;
export type TeacherProfileChangeRejected = DomainEvent<'TeacherProfileChangeRejected', { institutionId: string; reason: string }>;
/**
 * A teachers' capability training (师资能力提升培训, requirement 13) the teacher completed: written
 * from the class's completion by the training-class module's process manager, one per class.
 */
export interface TeacherTraining {
  classId: string;
  classNo: string;
  /** YYYY-MM, as the profile's training history reads. */
  from: string;
  to: string;
  content: string;
  organiserId: string;
  certificateNo: string;
  completedOn: string;
}
export type TeacherTrainingRecorded = DomainEvent<'TeacherTrainingRecorded', { training: TeacherTraining }>;
/** The teacher's reference face for attendance capture (issue 13): the photo's hashes and the sealed descriptor, never the photo. */
export type TeacherReferenceFaceEnrolled = DomainEvent<'TeacherReferenceFaceEnrolled', ReferenceFaceFacts>;
export type TeacherEvent =
  | TeacherDeclared
  | TeacherReferenceFaceEnrolled
  | TeacherEngagementRequested
  | TeacherProfileUpdated
  | TeacherEngagementApproved
  | TeacherEngagementRejected
  | TeacherQualificationCertified
  | TeacherPoolTierAssigned
  | TeacherRevoked
  | TeacherProfileChangeProposed
  | TeacherProfileChangeApproved
  | TeacherProfileChangeRejected
  | TeacherTrainingRecorded
  | ReviewEvent;

export type TeacherState =
  | { status: 'none' }
  | {
      status: 'declared';
      teacherId: string;
      profile: TeacherProfile;
      engagements: Affiliation[];
      review: ReviewState;
      qualification: { certificateNo: string; certifiedOn: string } | null;
      tier: PoolTier | null;
      revoked: string | null;
      /** A change to the approved profile awaiting review, and who proposed it. */
      proposal: { profile: TeacherProfile; institutionId: string } | null;
      /** Capability trainings completed (absent in states folded before they existed). */
      trainings?: TeacherTraining[];
      /** The reference face in force (absent in states folded before reference faces existed). */
      referenceFace?: ReferenceFaceSummary | null;
    };
type Declared = Extract<TeacherState, { status: 'declared' }>;

export type TeacherCommand =
  | { type: 'DeclareTeacher'; teacherId: string; profile: TeacherProfile; institution: { institutionId: string; canOperate: boolean } }
  | { type: 'UpdateTeacher'; profile: TeacherProfile }
  | { type: 'CertifyQualification'; certificateNo: string; certifiedOn: string }
  | { type: 'AssignPoolTier'; tier: PoolTier; actorLevel: PoolTier }
  | { type: 'RevokeTeacher'; reason: string }
  /**
   * From a completed capability class (the process manager, idempotent per class): the training
   * joins the teacher's history; `tier`, where the class qualifies for a pool tier (the class's
   * target tier, reviewed with its declaration and completion), raises the teacher to it, never lowers.
   */
  | { type: 'RecordTeacherTraining'; training: TeacherTraining; tier: { tier: PoolTier; managedByOrgId: string } | null }
  /** The face was checked (one clear face) and sealed by the command layer before this decision. */
  | { type: 'EnrolTeacherReferenceFace'; face: ReferenceFaceFacts }
  | (ReviewCommand & { policy?: ReviewPolicy });

const require = (state: TeacherState): Declared => {
  if (state.status === 'none') throw new NotFoundError('培训师资记录不存在');
  return state;
};
const notRevoked = (state: Declared) => {
  if (state.revoked) throw new RuleViolationError('该教师已被撤销师资资格', 'teacher.revoked');
};
/** Authority acts (certify, tier, revoke) need an approved teacher and an authority actor (checked for scope by the API). */
const requireApproved = (state: Declared) => {
  if (!state.engagements.some((e) => e.status === 'approved')) throw new RuleViolationError('师资尚未审核通过', 'teacher.not_approved');
};

/**
 * Whose supervising authorities review the next round: a change to the approved teacher goes to
 * the home institution's authorities, whoever proposed it; an engagement to the engaging one's own.
 */
export const teacherReviewingOrg = (state: TeacherState, submitterOrgId: string): string =>
  state.status === 'declared' && state.proposal ? (homeInstitution(state.engagements) ?? submitterOrgId) : submitterOrgId;

/**
 * The teacher's part in the review workflow: a final approval approves the pending engagements and
 * puts a requested change in force; a rejection refuses them and drops the change.
 */
export const teacherReview: ReviewParticipation<TeacherState, TeacherEvent> = {
  policy: DEFAULT_TEACHER_REVIEW_POLICY,
  reviewOf: (state) => (state.status === 'declared' ? state.review : undefined),
  notFound: '培训师资记录不存在',
  checkSubmission(state, context) {
    const s = require(state);
    notRevoked(s);
    if (!isAffiliated(s.engagements, context.actor.orgId)) throw new ForbiddenError('只有申报该教师的机构可以提交');
    if (!pendingAffiliations(s.engagements).length && !s.proposal && s.review.status !== 'draft' && s.review.status !== 'returned' && s.review.status !== 'withdrawn') {
      throw new RuleViolationError('没有待提交审核的内容', 'teacher.nothing_pending');
    }
  },
  title: (state) => (state.status === 'declared' ? `${state.profile.name}（教师）` : ''),
  onDecision(decision, state) {
    if (state.status === 'none') return [];
    const pending = pendingAffiliations(state.engagements);
    const events: TeacherEvent[] = [];
    if (decision.type === 'ReviewApproved' && decision.data.final) {
      for (const e of pending) events.push({ type: 'TeacherEngagementApproved', data: { institutionId: e.institutionId } });
      if (state.proposal) events.push({ type: 'TeacherProfileChangeApproved', data: { institutionId: state.proposal.institutionId } });
    }
    if (decision.type === 'ReviewRejected') {
      for (const e of pending) events.push({ type: 'TeacherEngagementRejected', data: { institutionId: e.institutionId, reason: decision.data.reason } });
      if (state.proposal) events.push({ type: 'TeacherProfileChangeRejected', data: { institutionId: state.proposal.institutionId, reason: decision.data.reason } });
    }
    return events;
  },
};

function decide(command: TeacherCommand, state: TeacherState, context: CommandContext): TeacherEvent[] {
  if (isReviewCommand(command)) return decideWithReview(teacherReview, command, state, context);
  switch (command.type) {
    case 'DeclareTeacher': {
      if (context.actor.orgId !== command.institution.institutionId) throw new ForbiddenError('只能以本机构名义申报师资');
      if (!command.institution.canOperate) throw new RuleViolationError('本机构未生效、已暂停或已撤销，不能申报师资', 'teacher.institution_inactive');
      if (state.status === 'none') return [{ type: 'TeacherDeclared', data: { teacherId: command.teacherId, profile: command.profile, institutionId: command.institution.institutionId } }];
      notRevoked(state);
      if (isAffiliated(state.engagements, command.institution.institutionId)) return [];
      if (state.review.status === 'pending') throw new RuleViolationError('该教师正由其他机构申报审核中，请待审核结束后再申报', 'teacher.pending_elsewhere');
      return [{ type: 'TeacherEngagementRequested', data: { institutionId: command.institution.institutionId } }];
    }
    case 'UpdateTeacher': {
      const s = require(state);
      notRevoked(s);
      // A pending engagement (a duplicate declaration) gives no rights over the person (affiliation.ts).
      if (!holdsRights(s.engagements, context.actor.orgId)) throw new ForbiddenError('只有聘用该教师的机构可以修改');
      if (s.review.status === 'pending') throw new RuleViolationError('审核中的师资信息不能修改，请先撤回', 'teacher.pending');
      if (command.profile.idNumber.blindIndex !== s.profile.idNumber.blindIndex) throw new RuleViolationError('身份证号码不能修改', 'teacher.id_fixed');
      if (!everApproved(s.engagements)) return sameProfile(s.profile, command.profile) ? [] : [{ type: 'TeacherProfileUpdated', data: { profile: command.profile } }];
      // The approved teacher is shared: a change is a request the home authority reviews.
      const institutionId = context.actor.orgId!;
      if (s.proposal && s.proposal.institutionId !== institutionId) {
        throw new RuleViolationError('其他机构提出的师资信息变更尚待审核，请待审核结束后再修改', 'teacher.change_pending_elsewhere');
      }
      if (sameProfile(s.proposal?.profile ?? s.profile, command.profile)) return [];
      return [{ type: 'TeacherProfileChangeProposed', data: { profile: command.profile, institutionId } }];
    }
    case 'CertifyQualification': {
      const s = require(state);
      notRevoked(s);
      requireApproved(s);
      if (!context.actor.orgId) throw new ForbiddenError();
      const certificateNo = command.certificateNo.trim();
      if (!certificateNo) throw new RuleViolationError('请填写上岗资格证书编号', 'teacher.certificate_no');
      if (s.qualification?.certificateNo === certificateNo) return [];
      return [{ type: 'TeacherQualificationCertified', data: { certificateNo: certificateNo.slice(0, 50), certifiedOn: command.certifiedOn, certifiedByOrgId: context.actor.orgId } }];
    }
    case 'AssignPoolTier': {
      const s = require(state);
      notRevoked(s);
      requireApproved(s);
      const rank = { county: 0, city: 1, province: 2 } as const;
      if (rank[command.tier] > rank[command.actorLevel]) throw new ForbiddenError('只能将教师纳入本级或下级师资库');
      if (s.tier === command.tier) return [];
      return [{ type: 'TeacherPoolTierAssigned', data: { tier: command.tier, managedByOrgId: context.actor.orgId ?? '' } }];
    }
    case 'RevokeTeacher': {
      const s = require(state);
      if (s.revoked) return [];
      const reason = command.reason.trim();
      if (!reason) throw new RuleViolationError('请填写撤销原因', 'teacher.revoke_reason');
      return [{ type: 'TeacherRevoked', data: { reason: reason.slice(0, 2000) } }];
    }
    case 'RecordTeacherTraining': {
      const s = require(state);
      if ((s.trainings ?? []).some((t) => t.classId === command.training.classId)) return [];
      const events: TeacherEvent[] = [{ type: 'TeacherTrainingRecorded', data: { training: command.training } }];
      // A revoked teacher's training stays in the history; the pool does not take them back.
      const rank = { county: 0, city: 1, province: 2 } as const;
      if (command.tier && !s.revoked && (s.tier === null || rank[command.tier.tier] > rank[s.tier])) {
        events.push({ type: 'TeacherPoolTierAssigned', data: { tier: command.tier.tier, managedByOrgId: command.tier.managedByOrgId } });
      }
      return events;
    }
    case 'EnrolTeacherReferenceFace': {
      const s = require(state);
      // A pending engagement gives no rights over the person, their face included.
      if (!holdsRights(s.engagements, context.actor.orgId)) throw new ForbiddenError('只有申报该教师的机构可以登记人脸照片');
      const face = checkReferenceFaceFacts(command.face);
      if (sameReference(s.referenceFace, face)) return [];
      return [{ type: 'TeacherReferenceFaceEnrolled', data: { ...face } }];
    }
    default:
      return assertNever(command);
  }
}

function evolve(state: TeacherState, event: TeacherEvent): TeacherState {
  if (event.type === 'TeacherDeclared') {
    return {
      status: 'declared',
      teacherId: event.data.teacherId,
      profile: event.data.profile,
      engagements: addAffiliation([], event.data.institutionId, false),
      review: initialReviewState(),
      qualification: null,
      tier: null,
      revoked: null,
      proposal: null,
    };
  }
  if (state.status === 'none') return state;
  if (isReviewEvent(event)) {
    const review = evolveReview(state.review, event);
    return { ...state, review: review.status === 'rejected' && state.engagements.some((e) => e.status === 'approved') ? { status: 'approved', round: review.round } : review };
  }
  switch (event.type) {
    case 'TeacherEngagementRequested':
      return { ...state, engagements: addAffiliation(state.engagements, event.data.institutionId, true), review: reopenReview(state.review) };
    case 'TeacherProfileUpdated':
      return { ...state, profile: event.data.profile, review: state.review.status === 'approved' ? reopenReview(state.review) : state.review };
    case 'TeacherEngagementApproved':
      return { ...state, engagements: setAffiliationStatus(state.engagements, event.data.institutionId, 'approved') };
    case 'TeacherEngagementRejected':
      return { ...state, engagements: setAffiliationStatus(state.engagements, event.data.institutionId, 'rejected') };
    case 'TeacherQualificationCertified':
      return { ...state, qualification: { certificateNo: event.data.certificateNo, certifiedOn: event.data.certifiedOn } };
    case 'TeacherPoolTierAssigned':
      return { ...state, tier: event.data.tier };
    case 'TeacherRevoked':
      return { ...state, revoked: event.data.reason };
    case 'TeacherProfileChangeProposed':
      return { ...state, proposal: { profile: event.data.profile, institutionId: event.data.institutionId }, review: state.review.status === 'approved' ? reopenReview(state.review) : state.review };
    case 'TeacherProfileChangeApproved':
      return { ...state, profile: state.proposal?.profile ?? state.profile, proposal: null };
    case 'TeacherProfileChangeRejected':
      return { ...state, proposal: null };
    case 'TeacherTrainingRecorded':
      return { ...state, trainings: [...(state.trainings ?? []), event.data.training] };
    case 'TeacherReferenceFaceEnrolled':
      return { ...state, referenceFace: referenceFaceSummary(event.data) };
    default:
      return assertNever(event);
  }
}

export const teacherDecider: Decider<TeacherCommand, TeacherEvent, TeacherState> = { initialState: () => ({ status: 'none' }), evolve, decide };
