// 个人补贴: gathering the facts of a person's application (the class they completed, read from its
// stream; the standards of the subject read from their streams; the person's category from the
// read side), the application through the one pipeline (optionally submitted along), the review
// whose final approval reserves the amount on the payer's fund, and the 公示's objections.
// The payer is the county authority of the class's institution (where the training took place),
// whoever took the application: the institution, or an authority's counter at or above that county.
import { v5 as uuidv5 } from 'uuid';
import { FUNDING_LINE_LABELS } from '../../domain/fund/fund';
import { withSubmission } from '../../domain/review/review';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../../domain/shared/errors';
import type { FundingSourceRef } from '../../domain/subsidy-application/application';
import type { ObjectionInput } from '../../domain/subsidy-application/notice';
import { subsidyStandardDecider, standardStreams } from '../../domain/subsidy-standard/standard';
import type { ApprovedStandard } from '../../domain/subsidy-standard/in-force';
import { trainingClassDecider, trainingClassStreams } from '../../domain/training-class/training-class';
import { calculatePersonalSubsidy, skillUpgradeCap, skillUpgradeYear, type PersonalSubsidyEvidence, type PersonalSubsidyFacts, type PersonalSubsidyKind } from '../../domain/personal-subsidy/calculation';
import { personalSubsidyDecider, personalSubsidyStreams, type ActivePersonalSubsidy, type PersonalApplication, type PersonalCalculation, type PersonalSubsidyCommand, type PersonalSubsidyState } from '../../domain/personal-subsidy/personal-subsidy';
import { heldClaims, personClaimDecider } from '../../domain/subsidy-application/person-claims';
import { subjectLabel } from '../../domain/training-class/class-details';
import type { EventStore, RecordedEvent } from '../../store/event-store/event-store';
import { foldEvents, loadState } from '../../store/fold';
import { approveWithReservations } from '../fund/approval-reservations';
import { fundIdOf, fundReservations } from '../fund/fund-commands';
import { isAtOrAbove, type AuthorityDirectory } from '../fund/authority-directory';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import { reviewableModule, type ReviewableModule, type ReviewRun } from '../review/review-commands';
import { noSubmission, type SubmissionFor } from '../review/submission';
import type { FundingDirectory } from '../subsidy-application/funding-directory';
import { noticePeriodOfApproval } from '../subsidy-application/notice-period';
import { personClaims, personClaimStreamId, type ClaimToRecord } from '../subsidy-application/person-claims';
import { batchStreams, paymentBatchDecider } from '../../domain/payment-batch/batch';
import type { PersonalDataProtector } from '../personal-data/protected-field';

export const PERSONAL_SUBSIDY_MODULE = personalSubsidyStreams.module;
export const personalSubsidyStreamId = personalSubsidyStreams.streamId;
const NAMESPACE = '9c4b2e71-5d3a-4f6e-8b1c-2a7d9e0f3c54';

/** The one stream of a person and kind: every application of that kind by that person is decided on it. */
export const personalSubsidyIdOf = (personId: string, kind: PersonalSubsidyKind) => uuidv5(`personal-subsidy:${kind}:${personId}`, NAMESPACE);

const lastPosition = (events: readonly RecordedEvent[]) => events.reduce((max, e) => (e.position > max ? e.position : max), 0n);

/** The institution's county authority pays; standards are its prefecture's and the province's. */
async function payerOf(authorities: AuthorityDirectory, institutionId: string) {
  const institution = await authorities.organization(institutionId);
  const above = await Promise.all((institution?.path ?? []).slice(0, -1).map((id) => authorities.organization(id)));
  const payer = above[above.length - 1];
  if (!payer) throw new RuleViolationError('找不到培训机构所属的人社部门，不能申请', 'personal_subsidy.no_payer');
  return { payer, standardAuthorities: above.filter((o) => o && (o.kind === 'province' || o.kind === 'prefecture')).map((o) => o!.id) };
}

/** The claim a 技能提升补贴 application holds on the person's claim stream. */
export const skillUpgradeClaimIdOf = (subsidyId: string, applicationId: string) => `personal-subsidy:${subsidyId}:${applicationId}`;

/**
 * The claim the final approval of a 技能提升补贴 records, checked against the yearly cap of the
 * standard the calculation applied (the national 3 when it sets none) and the once-only rule.
 */
export function skillUpgradeClaimOf(state: ActivePersonalSubsidy, reservationId: string, application: PersonalApplication = state.current): ClaimToRecord {
  const { applicationId, calculation } = application;
  const c = calculation.facts.class;
  const cap = skillUpgradeCap(calculation.result.standard);
  return {
    personId: state.personId,
    personName: state.personName,
    idNumberMasked: state.idNumberMasked,
    claim: {
      claimId: skillUpgradeClaimIdOf(state.subsidyId, applicationId),
      kind: 'skill_upgrade',
      recordId: state.subsidyId,
      reservationId,
      classId: c.classId,
      className: c.name,
      details: { kind: c.kind, subKind: c.subKind, occupation: c.occupation, plannedStart: c.startedOn },
      year: skillUpgradeYear(c),
    },
    limit: { kind: 'skill_upgrade_cap', maxPerYear: cap.maxPerYear, basis: cap.basis },
  };
}

/**
 * Reviewing: the final approval of an application, or of a failed payment's re-issue, publishes it
 * for its 公示 period and reserves the amount on the fund before it is appended
 * (approveWithReservations: released again if the approval is not recorded).
 */
export function personalSubsidyReviewable(): ReviewableModule {
  const base = reviewableModule({
    module: PERSONAL_SUBSIDY_MODULE,
    label: '个人补贴',
    decider: personalSubsidyDecider,
    // Reviewed by the authorities above the class's institution, whoever took the application.
    reviewingOrg: (state, submitter) => (state.status === 'active' ? state.current.calculation.facts.class.institutionId : submitter),
  });
  return {
    ...base,
    async run(store, streamId, command: ReviewRun, request) {
      if (command.type !== 'ApproveReview') return base.run(store, streamId, command, request);
      const claims = personClaims(store);
      let recorded: ClaimToRecord | undefined;
      return approveWithReservations({
        store,
        decider: personalSubsidyDecider,
        streamId,
        command: { ...command, notice: await noticePeriodOfApproval(store, request) },
        request,
        // A 技能提升补贴's claim is recorded on the person's claim stream first (the yearly cap exact
        // there); a re-issue's approval claims nothing new.
        commitFirst: async ({ events, before }) => {
          const approved = events.find((e) => e.type === 'PersonalSubsidyApproved');
          if (!approved || approved.type !== 'PersonalSubsidyApproved' || before.status !== 'active' || before.kind !== 'skill_upgrade') return;
          recorded = skillUpgradeClaimOf(before, approved.data.reservationId);
          await claims.record([recorded], request).catch((error: unknown) => {
            if (error instanceof RuleViolationError) throw new RuleViolationError(`${error.message}\n该申请不符合条件，请审核不予通过`, error.rule);
            throw error;
          });
        },
        undoFirst: async (after: PersonalSubsidyState) => {
          if (!recorded || (after.status === 'active' && after.current.review.status === 'approved' && skillUpgradeClaimIdOf(after.subsidyId, after.current.applicationId) === recorded.claim.claimId)) return;
          await claims.release([{ personId: recorded.personId, claimId: recorded.claim.claimId, reason: 'approval_not_recorded', note: '审核通过未能记录，释放补贴享受记录' }], request);
        },
        // The fund names the record (the person's stream) that reserved; the reservation id names the application and round.
        reservations: (events, before) =>
          events.flatMap((e) =>
            (e.type === 'PersonalSubsidyApproved' || e.type === 'PersonalSubsidyReissueApproved') && before.status === 'active'
              ? [{ fundId: e.data.fundId, reservationId: e.data.reservationId, applicationId: before.subsidyId, amountFen: e.data.amountFen }]
              : [],
          ),
        noFund: (before) => ({ message: before.status === 'active' ? `支付单位${before.current.source.year}年的${FUNDING_LINE_LABELS[before.current.source.line]}尚未下达，不能审核通过；请先下达资金` : '资金尚未下达', rule: 'personal_subsidy.no_fund' }),
        recorded: (state, reservationId) => state.status === 'active' && state.current.reservation?.reservationId === reservationId,
      });
    },
  };
}

export type PersonalSubsidyInput = { kind: PersonalSubsidyKind; classId: string; personId: string; evidence: PersonalSubsidyEvidence };

export function personalSubsidyCommands(deps: { store: EventStore; authorities: AuthorityDirectory; funding: FundingDirectory; personalData: PersonalDataProtector; submissionFor?: SubmissionFor }) {
  const { store, authorities, funding, personalData } = deps;
  const submissionFor = deps.submissionFor ?? noSubmission;

  /** The facts of an application as they stand now, and the log position they were read at. */
  async function gather(input: PersonalSubsidyInput) {
    const classEvents = await store.readStream(trainingClassStreams.streamId(input.classId));
    const cls = foldEvents(trainingClassDecider, classEvents);
    if (cls.status === 'none') throw new NotFoundError('培训班不存在');
    if (cls.status !== 'completed') throw new RuleViolationError('培训班尚未结业，结业审核通过后才能申请个人补贴', 'personal_subsidy.not_completed');
    const entry = cls.roster.find((e) => e.participant.kind === 'trainee' && e.participant.personId === input.personId);
    if (!entry) throw new NotFoundError('该学员不在本班名单中');
    const { payer, standardAuthorities } = await payerOf(authorities, cls.institutionId);
    const standardEvents = await Promise.all((await funding.candidateStandardIds(input.kind, standardAuthorities)).map((id) => store.readStream(standardStreams.streamId(id))));
    const standards: ApprovedStandard[] = [];
    for (const events of standardEvents) {
      const s = foldEvents(subsidyStandardDecider, events);
      if (s.status === 'active' && s.versions.length > 0) standards.push({ standardId: s.standardId, authorityId: s.authorityId, authorityKind: s.authorityKind, scope: s.scope, versions: s.versions });
    }
    standards.sort((a, b) => a.standardId.localeCompare(b.standardId));
    // 技能提升补贴: the claims the person's claim stream holds now, for the yearly cap (the approval checks them again there).
    const claimEvents = input.kind === 'skill_upgrade' ? await store.readStream(personClaimStreamId(input.personId)) : [];
    const position = [classEvents, claimEvents, ...standardEvents].reduce((max, events) => (lastPosition(events) > max ? lastPosition(events) : max), 0n);
    const outcome = cls.completion.request.outcomes.find((o) => o.participantId === input.personId);
    const certificate = cls.completion.certificates.find((c) => c.participantId === input.personId);
    const facts: PersonalSubsidyFacts = {
      kind: input.kind,
      person: { personId: input.personId, name: entry.participant.name, idNumberMasked: entry.participant.idNumberMasked, personCategory: (await funding.personCategories([input.personId])).get(input.personId) ?? null },
      class: {
        classId: input.classId,
        classNo: cls.classNo,
        name: cls.details.name,
        institutionId: cls.institutionId,
        kind: cls.details.kind,
        subKind: cls.details.subKind,
        occupation: cls.details.occupation,
        startedOn: cls.startedOn,
        completedOn: cls.completion.completedOn,
        days: new Set(cls.timetable.map((s) => s.date)).size,
      },
      outcome: outcome ? { completed: outcome.completed, reasons: outcome.reasons, certificateNo: certificate?.certificateNo ?? null } : null,
      evidence: input.evidence,
      standards,
      ...(input.kind === 'skill_upgrade'
        ? {
            skillUpgradeClaims: heldClaims(foldEvents(personClaimDecider, claimEvents), 'skill_upgrade').map((h) => ({ claimId: h.claimId, className: h.className, subject: subjectLabel(h.details), year: h.year })),
          }
        : {}),
    };
    const year = Number(facts.class.completedOn.slice(0, 4));
    const source: FundingSourceRef = { payerId: payer.id, line: 'employment_subsidy', year, fundId: fundIdOf(payer.id, 'employment_subsidy', year) };
    return { facts, position, source, payer };
  }

  const calculate = async (input: PersonalSubsidyInput, request: RequestContext) => {
    const { facts, position, source, payer } = await gather(input);
    const calculation: PersonalCalculation = { facts, result: calculatePersonalSubsidy(facts), computedAt: String(position), computedOn: (request.now ?? new Date()).toISOString() };
    return { calculation, source, payer };
  };

  /** The payer (the county authority) or an authority above it handles the notice's objections. */
  const mayHandleFor = async (streamId: string, request: RequestContext) => {
    const state = await loadState(store, personalSubsidyDecider, streamId);
    return state.status === 'active' && isAtOrAbove(await authorities.organization(state.current.source.payerId), request.actor.orgId);
  };

  return {
    /** The calculation as it would be recorded now (a preview; nothing written). */
    preview: async (input: PersonalSubsidyInput, request: RequestContext) => (await calculate(input, request)).calculation,

    /**
     * 申请: taken by the class's institution or an authority at or above the payer; with `submit`,
     * submitted in the same append. The application's id is the command's, so a retried request
     * is the same application.
     */
    async apply(input: PersonalSubsidyInput, request: RequestContext, options: { submit?: boolean } = {}) {
      const { calculation, source, payer } = await calculate(input, request);
      const orgId = request.actor.orgId ?? '';
      const institutionId = calculation.facts.class.institutionId;
      if (orgId !== institutionId && !payer.path.includes(orgId)) throw new ForbiddenError('只有开班机构或培训所在地的人社部门可以受理个人补贴申请');
      const subsidyId = personalSubsidyIdOf(input.personId, input.kind);
      const applicationId = uuidv5(`application:${request.commandId}`, NAMESPACE);
      const command: PersonalSubsidyCommand = { type: 'ApplyPersonalSubsidy', subsidyId, applicationId, applicantOrgId: orgId, source, calculation };
      // The submission goes to the authorities above the class's institution (as reviewingOrg says).
      const decider = options.submit ? withSubmission(personalSubsidyDecider, await submissionFor(institutionId)) : personalSubsidyDecider;
      const result = await handleCommand(store, decider, personalSubsidyStreamId(subsidyId), command, request);
      return { ...result, subsidyId, applicationId };
    },

    /** 登记公示异议 by the payer or an authority above it. */
    async recordObjection(subsidyId: string, objectionId: string, objection: ObjectionInput, request: RequestContext) {
      const streamId = personalSubsidyStreamId(subsidyId);
      const mayHandle = await mayHandleFor(streamId, request);
      return handleCommand(store, personalSubsidyDecider, streamId, { type: 'RecordPersonalSubsidyObjection', objectionId, objection, mayHandle }, request);
    },

    /** 处理公示异议: an upheld one revokes the subsidy; its reservation is released before the decision is appended. */
    async resolveObjection(subsidyId: string, objectionId: string, upheld: boolean, resolution: string, request: RequestContext) {
      const streamId = personalSubsidyStreamId(subsidyId);
      const mayHandle = await mayHandleFor(streamId, request);
      const funds = fundReservations(store);
      const result = await handleCommand(store, personalSubsidyDecider, streamId, { type: 'ResolvePersonalSubsidyObjection', objectionId, upheld, resolution, mayHandle }, request, {
        beforeAppend: async ({ before, events }) => {
          const resolved = events.find((e) => e.type === 'PersonalSubsidyObjectionResolved');
          if (!resolved || resolved.type !== 'PersonalSubsidyObjectionResolved' || before.status !== 'active' || !before.current.reservation || resolved.data.releasedFen === 0) return;
          const { fundId, reservationId } = before.current.reservation;
          const note = `公示异议成立：${resolved.data.resolution}`.slice(0, 500);
          await funds.release(fundId, reservationId, 'objection_upheld', note, { ...request, commandId: uuidv5(`objection:${subsidyId}:${objectionId}`, NAMESPACE) });
        },
      });
      // A revoked 技能提升补贴 gives its claim back once the decision is recorded (idempotent: a repeat finishes it).
      const state = result.state as PersonalSubsidyState;
      if (state.status === 'active' && state.kind === 'skill_upgrade' && state.current.revoked) {
        await personClaims(store).release([{ personId: state.personId, claimId: skillUpgradeClaimIdOf(subsidyId, state.current.applicationId), reason: 'objection_upheld', note: `公示异议成立：${resolution}`.slice(0, 500) }], request);
      }
      return result;
    },

    /**
     * 申请重新支付 of a failed payment by the payer (or above), with the person's new 社保卡金融账户
     * (encrypted here; refused when it is the account the failed order went to, read from its
     * batch), submitted in the same append to the review of the authorities above the class's
     * institution; the final approval reserves the amount again (the review's run above).
     */
    async requestReissue(subsidyId: string, input: { reason: string; account: string; accountName: string }, request: RequestContext) {
      const streamId = personalSubsidyStreamId(subsidyId);
      const state = await loadState(store, personalSubsidyDecider, streamId);
      if (state.status !== 'active') throw new NotFoundError('个人补贴申请不存在');
      const failed = state.current.payment;
      const batch = failed ? await loadState(store, paymentBatchDecider, batchStreams.streamId(failed.batchId)) : undefined;
      const sentTo = batch && batch.status !== 'none' ? batch.orders.find((o) => o.paymentId === failed!.paymentId)?.payee.account : undefined;
      const mayHandle = isAtOrAbove(await authorities.organization(state.current.source.payerId), request.actor.orgId);
      const payee = { account: personalData.protect('bankCard', input.account), accountName: input.accountName };
      const command: PersonalSubsidyCommand = { type: 'RequestPersonalSubsidyReissue', reissueId: request.commandId, reason: input.reason, payee, failedAccount: sentTo?.blindIndex ?? null, mayHandle };
      const decider = withSubmission(personalSubsidyDecider, await submissionFor(state.current.calculation.facts.class.institutionId));
      return handleCommand(store, decider, streamId, command, request);
    },

    /** The record's state (from its stream). */
    load: (subsidyId: string) => loadState(store, personalSubsidyDecider, personalSubsidyStreamId(subsidyId)),
  };
}

export type PersonalSubsidyCommands = ReturnType<typeof personalSubsidyCommands>;
