// 机构培训经费申报: gathering the facts of a completed class (its stream, the standards' and the
// eligibility policy's streams, cut at one log position; people's categories and earlier claims
// from the read side), the application and its recalculation through the one pipeline, the review
// whose final approval reserves the amount on the payer's fund, and the auditor's recomputation.
import { v5 as uuidv5 } from 'uuid';
import { SIGNAL_KIND_LABELS, type SignalKind } from '../../domain/capture/detection';
import { FUNDING_LINE_LABELS, type FundingLine } from '../../domain/fund/fund';
import { withSubmission } from '../../domain/review/review';
import { NotFoundError, RuleViolationError } from '../../domain/shared/errors';
import {
  applicationStreams,
  subsidyApplicationDecider,
  type ActiveApplication,
  type FundingSourceRef,
  type RecordedCalculation,
  type SubsidyApplicationCommand,
  type SubsidyApplicationState,
} from '../../domain/subsidy-application/application';
import { calculateTrainingFunding, sameValue, type FraudExclusion, type FundingFacts, type ParticipantFacts, type VoucherFacts } from '../../domain/subsidy-application/calculation';
import { holderStreamId, voucherDecider, type VoucherState } from '../../domain/voucher/voucher';
import { subsidyStandardDecider, standardStreams } from '../../domain/subsidy-standard/standard';
import type { ApprovedStandard } from '../../domain/subsidy-standard/in-force';
import { NOTICE_SETTINGS_STREAM, noticeSettingsDecider, type ObjectionInput } from '../../domain/subsidy-application/notice';
import { ELIGIBILITY_POLICY_STREAM, eligibilityPolicyDecider } from '../../domain/training-class/eligibility';
import { institutionDecider, institutionStreams } from '../../domain/institution/institution';
import { batchStreams, paymentBatchDecider } from '../../domain/payment-batch/batch';
import { trainingClassDecider, trainingClassStreams } from '../../domain/training-class/training-class';
import type { EventStore, RecordedEvent } from '../../store/event-store/event-store';
import { foldEvents, loadState } from '../../store/fold';
import { approveWithReservations } from '../fund/approval-reservations';
import { fundIdOf, fundReservations } from '../fund/fund-commands';
import { isAtOrAbove, type AuthorityDirectory } from '../fund/authority-directory';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import { reviewableModule, type ReviewableModule, type ReviewRun } from '../review/review-commands';
import { noSubmission, type SubmissionFor } from '../review/submission';
import type { AttendanceCaptureFacts } from '../capture/attendance-facts';
import type { FundingDirectory } from './funding-directory';
import { noticePeriodOfApproval } from './notice-period';
import { personClaims, type ClaimToRecord } from './person-claims';

export const SUBSIDY_APPLICATION_MODULE = applicationStreams.module;
export const applicationStreamId = applicationStreams.streamId;
const APPLICATION_NAMESPACE = '3f9d1c52-7a4e-4b8d-a1f0-6c2e9b7d5a13';

/** The one training-funding application of a class. */
export const applicationIdOf = (classId: string) => uuidv5(`training-funding:${classId}`, APPLICATION_NAMESPACE);

/** A holder's vouchers as the calculation reads them. */
const voucherFactsOf = (state: VoucherState): [string, VoucherFacts][] =>
  state.status !== 'holder'
    ? []
    : state.vouchers.map((v) => [
        v.voucherId,
        { voucherId: v.voucherId, voucherNo: v.voucherNo, status: v.status, usedForClassId: v.use?.classId ?? null, kind: v.terms.kind, faceValueFen: v.terms.faceValueFen, discountPercent: v.terms.discountPercent, endReason: v.end?.reason ?? null },
      ]);

/** A stream's events at or before a log position (all of them without one). */
const upTo = (events: RecordedEvent[], position: bigint | undefined) => (position === undefined ? events : events.filter((e) => e.position <= position));
const lastPosition = (events: readonly RecordedEvent[]) => events.reduce((max, e) => (e.position > max ? e.position : max), 0n);

/** The claim an application holds for each person it funds (one per application: its id names it). */
export const trainingClaimIdOf = (applicationId: string) => `subsidy-application:${applicationId}`;

/** Each funded person's claim, checked against the eligibility policy the calculation recorded. */
export function trainingClaimsOf(state: ActiveApplication, reservationId: string): ClaimToRecord[] {
  const c = state.calculation.facts.class;
  return state.calculation.result.eligible.map((e) => ({
    personId: e.participantId,
    personName: e.name,
    idNumberMasked: e.idNumberMasked,
    claim: {
      claimId: trainingClaimIdOf(state.applicationId),
      kind: 'training_funding',
      recordId: state.applicationId,
      reservationId,
      classId: c.classId,
      className: c.name,
      details: { kind: c.kind, subKind: c.subKind, occupation: c.occupation, plannedStart: c.plannedStart },
      year: c.plannedStart.slice(0, 4),
    },
    limit: { kind: 'training_policy', policy: state.calculation.facts.policy },
  }));
}

/** The people whose claims an application gives back: everyone once it is revoked, else those objections took out. */
const releasedPeople = (state: ActiveApplication) => (state.revoked ? state.calculation.result.eligible.map((e) => e.participantId) : state.removed);

/**
 * Reviewing an application: the final approval records each funded person's claim on the person's
 * stream (the eligibility policy checked again there, exact under concurrency; refused naming the
 * person and the claims held), publishes the list for its 公示 period and reserves its amount on
 * the fund before it is appended (approveWithReservations: claims and reservation released again
 * if the approval is not recorded).
 */
export function applicationReviewable(): ReviewableModule {
  const base = reviewableModule({ module: SUBSIDY_APPLICATION_MODULE, label: '机构培训经费申报', decider: subsidyApplicationDecider });
  return {
    ...base,
    async run(store, streamId, command: ReviewRun, request) {
      if (command.type !== 'ApproveReview') return base.run(store, streamId, command, request);
      const claims = personClaims(store);
      let recordedClaims: ClaimToRecord[] = [];
      return approveWithReservations({
        store,
        decider: subsidyApplicationDecider,
        streamId,
        command: { ...command, notice: await noticePeriodOfApproval(store, request) },
        request,
        commitFirst: async ({ events, before }) => {
          const approved = events.find((e) => e.type === 'TrainingFundingApproved');
          if (!approved || approved.type !== 'TrainingFundingApproved' || before.status !== 'active') return;
          recordedClaims = trainingClaimsOf(before, approved.data.reservationId);
          await claims.record(recordedClaims, request).catch((error: unknown) => {
            // The reviewer's way on: returned, the institution recalculates and the read side then lists these people as excluded.
            if (error instanceof RuleViolationError) throw new RuleViolationError(`${error.message}\n可退回申报，由培训机构重新计算（上述人员将列为不符合条件）`, error.rule);
            throw error;
          });
        },
        undoFirst: async (after) => {
          if (after.status === 'active' && after.review.status === 'approved') return;
          await claims.release(recordedClaims.map((c) => ({ personId: c.personId, claimId: c.claim.claimId, reason: 'approval_not_recorded', note: '审核通过未能记录，释放补贴享受记录' })), request);
        },
        reservations: (events, before) =>
          events.flatMap((e) => (e.type === 'TrainingFundingApproved' && before.status === 'active' ? [{ fundId: e.data.fundId, reservationId: e.data.reservationId, applicationId: before.applicationId, amountFen: e.data.amountFen }] : [])),
        noFund: (before) => ({ message: before.status === 'active' ? `支付单位${before.source.year}年的${FUNDING_LINE_LABELS[before.source.line]}尚未下达，不能审核通过；请先下达资金` : '资金尚未下达', rule: 'subsidy_application.no_fund' }),
        recorded: (state, reservationId) => state.status === 'active' && state.reservation?.reservationId === reservationId,
      });
    },
  };
}

/**
 * The capture module's confirmed exclusions as the calculation reads them: a signal on a person's
 * attendance takes that person out; one on everyone at a session takes out everyone on the roster.
 */
export async function fraudExclusions(captures: Pick<AttendanceCaptureFacts, 'exclusions'>, classId: string, traineeIds: readonly string[]): Promise<FraudExclusion[]> {
  const out: FraudExclusion[] = [];
  for (const x of await captures.exclusions(classId)) {
    const where = x.sessionId ? `${x.sessionId.replace('T', ' ')}节次` : '全部节次';
    const reason = `${SIGNAL_KIND_LABELS[x.kind as SignalKind] ?? x.kind}，${where}${x.personKey === null ? '全班考勤被排除' : '考勤被排除'}`;
    const people = x.personKey === null ? traineeIds : traineeIds.filter((id) => x.personKey === `trainee:${id}`);
    for (const participantId of people) out.push({ participantId, signalId: x.signalId, reason });
  }
  return out.sort((a, b) => (a.participantId + a.signalId < b.participantId + b.signalId ? -1 : 1));
}

export function applicationCommands(deps: { store: EventStore; authorities: AuthorityDirectory; funding: FundingDirectory; captures: Pick<AttendanceCaptureFacts, 'exclusions'>; submissionFor?: SubmissionFor }) {
  const { store, authorities, funding, captures } = deps;
  const submissionFor = deps.submissionFor ?? noSubmission;

  /**
   * The facts of a completed class, read at one log position (`at`, for an auditor: the position
   * recorded; otherwise now). `recorded`: the read-side answers an earlier calculation kept.
   */
  async function gather(classId: string, line: FundingLine, at?: { position: bigint; recorded: FundingFacts }) {
    const classEvents = upTo(await store.readStream(trainingClassStreams.streamId(classId)), at?.position);
    const cls = foldEvents(trainingClassDecider, classEvents);
    if (cls.status === 'none') throw new NotFoundError('培训班不存在');
    if (cls.status !== 'completed') throw new RuleViolationError('培训班尚未结业，结业审核通过后才能申报培训经费', 'subsidy_application.not_completed');
    if (cls.details.kind === 'teacher_capability') throw new RuleViolationError('师资能力提升培训不在机构培训经费申报范围', 'subsidy_application.kind');
    if (cls.details.fundingSource === 'self_paid') throw new RuleViolationError('自费培训班不能申报培训经费', 'subsidy_application.self_paid');

    // The payer is the institution's county authority; standards are its prefecture's and the province's.
    const institution = await authorities.organization(cls.institutionId);
    const above = await Promise.all((institution?.path ?? []).slice(0, -1).map((id) => authorities.organization(id)));
    const payer = above[above.length - 1];
    if (!payer) throw new RuleViolationError('找不到培训机构所属的人社部门，不能申报', 'subsidy_application.no_payer');
    const standardAuthorities = above.filter((o) => o && (o.kind === 'province' || o.kind === 'prefecture')).map((o) => o!.id);

    const standardEvents = await Promise.all((await funding.candidateStandardIds('training', standardAuthorities)).map(async (id) => upTo(await store.readStream(standardStreams.streamId(id)), at?.position)));
    const standards: ApprovedStandard[] = [];
    for (const events of standardEvents) {
      const s = foldEvents(subsidyStandardDecider, events);
      if (s.status === 'active' && s.versions.length > 0) standards.push({ standardId: s.standardId, authorityId: s.authorityId, authorityKind: s.authorityKind, scope: s.scope, versions: s.versions });
    }
    standards.sort((a, b) => a.standardId.localeCompare(b.standardId));
    const policyEvents = upTo(await store.readStream(ELIGIBILITY_POLICY_STREAM), at?.position);
    const policy = foldEvents(eligibilityPolicyDecider, policyEvents);
    // Voucher-funded places are settled against the voucher as its holder's stream stood at the same position.
    const voucherEvents = await Promise.all(cls.roster.filter((e) => e.voucherId).map(async (e) => upTo(await store.readStream(holderStreamId(e.participant.personId)), at?.position)));
    const vouchers = new Map(voucherEvents.flatMap((events) => voucherFactsOf(foldEvents(voucherDecider, events))));
    const position = at?.position ?? [classEvents, policyEvents, ...standardEvents, ...voucherEvents].reduce((max, events) => (lastPosition(events) > max ? lastPosition(events) : max), 0n);

    const trainees = cls.roster.filter((e) => e.participant.kind === 'trainee');
    const ids = trainees.map((e) => e.participant.personId);
    const applicationId = applicationIdOf(classId);
    const categories = at ? new Map(at.recorded.participants.map((p) => [p.participantId, p.personCategory])) : await funding.personCategories(ids);
    const claims = at ? new Map(at.recorded.participants.map((p) => [p.participantId, p.claims])) : await funding.claims(ids, applicationId);
    const outcomes = new Map(cls.completion.request.outcomes.map((o) => [o.participantId, o]));
    const certificates = new Map(cls.completion.certificates.map((c) => [c.participantId, c.certificateNo]));
    const participants: ParticipantFacts[] = trainees.map((e) => {
      const o = outcomes.get(e.participant.personId);
      return {
        participantId: e.participant.personId,
        name: e.participant.name,
        idNumberMasked: e.participant.idNumberMasked,
        funding: e.funding,
        completed: o?.completed ?? false,
        completionReasons: o ? o.reasons : ['不在结业审核的名单中'],
        ratePermille: o?.ratePermille ?? 0,
        assessmentPassed: o?.assessmentPassed ?? null,
        certificateNo: certificates.get(e.participant.personId) ?? null,
        personCategory: categories.get(e.participant.personId) ?? null,
        claims: claims.get(e.participant.personId) ?? [],
        ...(e.voucherId && vouchers.has(e.voucherId) ? { voucher: vouchers.get(e.voucherId)! } : {}),
      };
    });
    const { rules } = cls.completion.request;
    const facts: FundingFacts = {
      class: {
        classId,
        classNo: cls.classNo,
        name: cls.details.name,
        institutionId: cls.institutionId,
        kind: cls.details.kind,
        subKind: cls.details.subKind,
        occupation: cls.details.occupation,
        plannedStart: cls.details.plannedStart,
        startedOn: cls.startedOn,
        completedOn: cls.completion.completedOn,
        days: new Set(cls.timetable.map((s) => s.date)).size,
        minAttendancePercent: rules.minAttendancePercent,
        assessmentRequired: rules.assessmentRequired,
      },
      participants,
      // Rates are the approved completion's; signals confirmed since (or before) take people out.
      fraudExclusions: at ? at.recorded.fraudExclusions : await fraudExclusions(captures, classId, ids),
      attendanceSource: 'class_completion_and_capture_exclusions',
      policy,
      standards,
    };
    const year = Number(cls.completion.completedOn.slice(0, 4));
    const source: FundingSourceRef = { payerId: payer.id, line, year, fundId: fundIdOf(payer.id, line, year) };
    return { facts, position, source, applicationId };
  }

  const calculate = async (classId: string, line: FundingLine, request: RequestContext) => {
    const { facts, position, source, applicationId } = await gather(classId, line);
    const calculation: RecordedCalculation = { facts, result: calculateTrainingFunding(facts), computedAt: String(position), computedOn: (request.now ?? new Date()).toISOString() };
    return { calculation, source, applicationId };
  };

  /** The payer (the county authority) or an authority above it handles the notice's objections. */
  const mayHandleFor = async (streamId: string, request: RequestContext) => {
    const state = await loadState(store, subsidyApplicationDecider, streamId);
    return state.status === 'active' && isAtOrAbove(await authorities.organization(state.source.payerId), request.actor.orgId);
  };

  const deciderFor = async (orgId: string, submit: boolean) => (submit ? withSubmission(subsidyApplicationDecider, await submissionFor(orgId)) : subsidyApplicationDecider);

  return {
    /** The calculation as it would be recorded now (a preview; nothing written). */
    preview: (classId: string, line: FundingLine, request: RequestContext) => calculate(classId, line, request),

    /** 申报: the class's institution applies with the calculation; with `submit`, submitted in the same append. */
    async apply(classId: string, line: FundingLine, request: RequestContext, options: { submit?: boolean } = {}) {
      const { calculation, source, applicationId } = await calculate(classId, line, request);
      const command: SubsidyApplicationCommand = { type: 'ApplyTrainingFunding', applicationId, source, calculation };
      const decider = await deciderFor(request.actor.orgId ?? '', Boolean(options.submit));
      const result = await handleCommand(store, decider, applicationStreamId(applicationId), command, request, { likelyNew: true });
      return { ...result, applicationId };
    },

    /** 重新计算 a draft or returned application from the facts as they stand now; with `submit`, submitted along. */
    async recalculate(applicationId: string, line: FundingLine | null, request: RequestContext, options: { submit?: boolean } = {}) {
      const state = await loadState(store, subsidyApplicationDecider, applicationStreamId(applicationId));
      if (state.status !== 'active') throw new NotFoundError('补贴申报不存在');
      const { calculation, source } = await calculate(state.classId, line ?? state.source.line, request);
      const decider = await deciderFor(request.actor.orgId ?? '', Boolean(options.submit));
      return handleCommand(store, decider, applicationStreamId(applicationId), { type: 'RecalculateTrainingFunding', source, calculation }, request);
    },

    /**
     * The auditor's check: the class, standards and policy read again from the log as it stood at
     * the recorded position (the read-side answers as recorded), the calculation run again, and
     * both compared with what the application recorded.
     */
    async recompute(applicationId: string) {
      const state: SubsidyApplicationState = await loadState(store, subsidyApplicationDecider, applicationStreamId(applicationId));
      if (state.status !== 'active') throw new NotFoundError('补贴申报不存在');
      const recorded = state.calculation;
      const { facts } = await gather(state.classId, state.source.line, { position: BigInt(recorded.computedAt), recorded: recorded.facts });
      const result = calculateTrainingFunding(facts);
      const factsSame = sameValue(facts, recorded.facts);
      return { applicationId, computedAt: recorded.computedAt, factsSame, resultSame: sameValue(result, recorded.result), recordedTotalFen: recorded.result.totalFen, recomputedTotalFen: result.totalFen };
    },

    /** 登记公示异议 by the payer or an authority above it (from the counter, a letter, the hotline). */
    async recordObjection(applicationId: string, objectionId: string, objection: ObjectionInput, request: RequestContext) {
      const streamId = applicationStreamId(applicationId);
      const mayHandle = await mayHandleFor(streamId, request);
      return handleCommand(store, subsidyApplicationDecider, streamId, { type: 'RecordObjection', objectionId, objection, mayHandle }, request);
    },

    /**
     * 处理公示异议: dismissed, or upheld (the person, or the whole application, taken out). What an
     * upheld objection takes out goes back to the fund before the decision is appended: a
     * reduction named by the objection, or the release of the reservation when nothing is left.
     */
    async resolveObjection(applicationId: string, objectionId: string, upheld: boolean, resolution: string, request: RequestContext) {
      const streamId = applicationStreamId(applicationId);
      const mayHandle = await mayHandleFor(streamId, request);
      const funds = fundReservations(store);
      const result = await handleCommand(store, subsidyApplicationDecider, streamId, { type: 'ResolveObjection', objectionId, upheld, resolution, mayHandle }, request, {
        beforeAppend: async ({ before, events }) => {
          const resolved = events.find((e) => e.type === 'TrainingFundingObjectionResolved');
          if (!resolved || resolved.type !== 'TrainingFundingObjectionResolved' || before.status !== 'active' || !before.reservation || resolved.data.removedFen === 0) return;
          const { fundId, reservationId } = before.reservation;
          const note = `公示异议成立：${resolved.data.resolution}`.slice(0, 500);
          const fundRequest = { ...request, commandId: uuidv5(`objection:${applicationId}:${objectionId}`, APPLICATION_NAMESPACE) };
          if (resolved.data.revokes) await funds.release(fundId, reservationId, 'objection_upheld', note, fundRequest);
          else await funds.reduce(fundId, reservationId, `${reservationId}:${objectionId}`, resolved.data.removedFen, 'objection_upheld', note, fundRequest);
        },
      });
      // Once the decision is recorded, the people it takes out get their claims back (idempotent: a
      // repeated request finishes a release a crash interrupted). Released only after the append, so
      // a failed decision never frees a claim the application still holds.
      const state = result.state as SubsidyApplicationState;
      if (state.status === 'active' && state.review.status === 'approved') {
        const note = `公示异议成立：${resolution}`.slice(0, 500);
        await personClaims(store).release(releasedPeople(state).map((personId) => ({ personId, claimId: trainingClaimIdOf(applicationId), reason: 'objection_upheld', note })), request);
      }
      return result;
    },

    /** The auditor's check of every application in the log (npm run verify:funding): those that do not agree. */
    async recomputeAll() {
      let after = 0n;
      let checked = 0;
      const differing: Awaited<ReturnType<ApplicationCommands['recompute']>>[] = [];
      for (;;) {
        const page = await store.readAll({ after, maxCount: 1_000, typePrefixes: ['TrainingFundingApplied'] });
        for (const event of page.events) {
          const r = await this.recompute((event.data as { applicationId: string }).applicationId);
          checked++;
          if (!r.factsSame || !r.resultSame) differing.push(r);
        }
        if (page.events.length === 0 || page.scannedUpTo <= after) break;
        after = page.scannedUpTo;
      }
      return { checked, differing };
    },

    /**
     * 申请重新支付 of a failed payment, by the payer: only once the institution's account (its record,
     * reviewed) differs from the one the failed order was sent to.
     */
    async requestReissue(applicationId: string, reason: string, request: RequestContext) {
      const streamId = applicationStreamId(applicationId);
      const app = await loadState(store, subsidyApplicationDecider, streamId);
      if (app.status !== 'active') throw new NotFoundError('补贴申报不存在');
      const failed = app.payment;
      const batch = failed ? await loadState(store, paymentBatchDecider, batchStreams.streamId(failed.batchId)) : undefined;
      const sentTo = batch && batch.status !== 'none' ? batch.orders.find((o) => o.paymentId === failed!.paymentId)?.payee.account : undefined;
      const institution = await loadState(store, institutionDecider, institutionStreams.streamId(app.institutionId));
      const account = institution.status === 'registered' ? institution.effective?.bankAccount : null;
      const accountChanged = Boolean(account && sentTo && account.blindIndex !== sentTo.blindIndex);
      const mayHandle = isAtOrAbove(await authorities.organization(app.source.payerId), request.actor.orgId);
      return handleCommand(store, subsidyApplicationDecider, streamId, { type: 'RequestPaymentReissue', reissueId: request.commandId, reason, accountChanged, accountMasked: account?.masked ?? '', mayHandle }, request);
    },

    /** 审批重新支付 by another person of the payer: the amount is reserved on the fund again before the approval is appended. */
    async approveReissue(applicationId: string, reissueId: string, request: RequestContext) {
      const streamId = applicationStreamId(applicationId);
      const app = await loadState(store, subsidyApplicationDecider, streamId);
      if (app.status !== 'active') throw new NotFoundError('补贴申报不存在');
      const mayHandle = isAtOrAbove(await authorities.organization(app.source.payerId), request.actor.orgId);
      return approveWithReservations({
        store,
        decider: subsidyApplicationDecider,
        streamId,
        command: { type: 'ApprovePaymentReissue', reissueId, mayHandle },
        request,
        reservations: (events) => events.flatMap((e) => (e.type === 'TrainingFundingReissueApproved' ? [{ ...e.data.reservation, applicationId }] : [])),
        noFund: () => ({ message: '资金尚未下达，不能审批重新支付', rule: 'subsidy_application.no_fund' }),
        recorded: (state, reservationId) => state.status === 'active' && state.reservation?.reservationId === reservationId,
      });
    },

    /** The province's notice settings (公示天数), from their stream. */
    noticeSettings: () => loadState(store, noticeSettingsDecider, NOTICE_SETTINGS_STREAM),

    /** Changes the notice settings: the provincial authority only, with a reason. */
    async changeNoticeSettings(settings: unknown, reason: string, request: RequestContext) {
      const org = request.actor.orgId ? await authorities.organization(request.actor.orgId) : undefined;
      return handleCommand(store, noticeSettingsDecider, NOTICE_SETTINGS_STREAM, { type: 'ChangeNoticeSettings', settings, reason, isProvince: org?.kind === 'province' }, request);
    },

    /** The application's state (from its stream). */
    load: (applicationId: string) => loadState(store, subsidyApplicationDecider, applicationStreamId(applicationId)),
  };
}

export type ApplicationCommands = ReturnType<typeof applicationCommands>;
