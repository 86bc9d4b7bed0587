// 资助发放 (issue 15 §4 on issue 14's money mechanisms): the final approval of a school-aid application
// reserves each instalment of its plan on the school's supervising authority's 学生资助资金 fund of
// the school year before the approval is appended (released again if the approval cannot be
// appended); the school records the student's social-security-card financial account; the
// instalments due are paid through payment batches (this module's PayableSource) and reconciled
// with the fund; a failed instalment is re-issued to a different account, approved by the payer,
// under a new reservation.
import { v5 as uuidv5 } from 'uuid';
import { FUNDING_LINE_LABELS } from '../../domain/fund/fund';
import type { ApplicationMoney } from '../../domain/fund/reconciliation';
import { bankCardSchema } from '../../domain/personal-data/bank-card';
import type { IsoDate } from '../../domain/personal-data/normalize';
import { paymentIdOf } from '../../domain/payment-batch/batch';
import { NotFoundError, RuleViolationError } from '../../domain/shared/errors';
import { parseInput, requiredText } from '../../domain/shared/validation';
import { dueInstalments, instalmentsToStop, payoutBlockedReason, withPayoutPlan, type Instalment, type SchoolAidPayoutPlanned } from '../../domain/school-aid/payout';
import type { StatusSegment } from '../../domain/student/student';
import { schoolAidDecider, schoolAidStreams, schoolAidTitle, type SchoolAidState } from '../../domain/school-aid/school-aid';
import { studentDecider } from '../../domain/student/student';
import { technicalSchoolDecider } from '../../domain/technical-school/technical-school';
import { z } from 'zod';
import type { EventStore } from '../../store/event-store/event-store';
import { foldEvents, loadState } from '../../store/fold';
import { isAtOrAbove, type AuthorityDirectory } from '../fund/authority-directory';
import { approveWithReservations } from '../fund/approval-reservations';
import { fundIdOf, fundReservations } from '../fund/fund-commands';
import { payableOutcomes, payableReleases } from '../payment-batch/outcomes';
import type { PayableSource } from '../payment-batch/payables';
import type { PersonalDataProtector } from '../personal-data/protected-field';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import type { ReviewableModule, ReviewRun } from '../review/review-commands';
import { studentStreamId } from '../student/student-commands';
import { technicalSchoolStreamId } from '../technical-school/technical-school-commands';

const PAYOUT_NAMESPACE = '2d7c9e14-6b3a-4f58-8e21-0a9c4b7d3f61';
/** The funding line school aid is paid from. */
export const SCHOOL_AID_FUNDING_LINE = 'student_aid' as const;

type Known = Exclude<SchoolAidState, { status: 'none' }>;

/** The fund of the school's supervising authority for the school year (学生资助资金). */
async function payerFund(store: EventStore, schoolId: string, schoolYear: number) {
  const school = await loadState(store, technicalSchoolDecider, technicalSchoolStreamId(schoolId));
  if (school.status !== 'active') throw new NotFoundError('院校不存在');
  return { authorityId: school.authorityId, fundId: fundIdOf(school.authorityId, SCHOOL_AID_FUNDING_LINE, schoolYear) };
}

/**
 * The school-aid review with its payout: the final approval also plans the instalments, each
 * reserved on the fund before the approval is appended (approveWithReservations: a fund that cannot
 * cover them refuses the approval with its figures; released again if the approval is not recorded).
 */
export function withPayoutReview(base: ReviewableModule): ReviewableModule {
  return {
    ...base,
    async run(store, streamId, command: ReviewRun, request) {
      if (command.type !== 'ApproveReview') return base.run(store, streamId, command, request);
      const state = await loadState(store, schoolAidDecider, streamId);
      if (state.status === 'none') return base.run(store, streamId, command, request);
      const { fundId } = await payerFund(store, state.application.schoolId, state.application.schoolYear);
      const applicationId = state.application.applicationId;
      return approveWithReservations({
        store,
        decider: withPayoutPlan(schoolAidDecider, { fundId, applicationId, attempt: request.commandId }),
        streamId,
        command,
        request,
        reservations: (events) => events.flatMap((e) => (e.type === 'SchoolAidPayoutPlanned' ? (e as SchoolAidPayoutPlanned).data.instalments.map((i) => ({ fundId, reservationId: i.reservationId, applicationId, amountFen: i.amountFen })) : [])),
        noFund: () => ({ message: `院校主管部门${state.application.schoolYear}年的${FUNDING_LINE_LABELS[SCHOOL_AID_FUNDING_LINE]}尚未下达，不能审批通过；请先下达资金`, rule: 'school_aid.no_fund' }),
        recorded: (after, reservationId) => after.status !== 'none' && Boolean(after.payout?.instalments.some((i) => i.reservationId === reservationId)),
      });
    },
  };
}

const accountSchema = z.object({ account: bankCardSchema('社保卡金融账户'), accountName: requiredText('开户名', 50) });

/** What the money of one instalment is, for reconciliation (fund and person). */
function instalmentMoney(known: Known, i: Instalment): ApplicationMoney {
  return {
    applicationId: known.application.applicationId,
    streamId: schoolAidStreams.streamId(known.application.applicationId),
    className: `${schoolAidTitle(known.application)}第${i.no}期`,
    reservationId: i.reservationId,
    approvedFen: i.amountFen,
    removedFen: 0,
    // A stopped instalment is not paid: its whole amount is removed (and released from the fund).
    revoked: Boolean(i.stopped),
    payment: i.payment && { paymentId: i.payment.paymentId, batchId: i.payment.batchId, status: i.payment.status, amountFen: i.payment.amountFen },
    failedBefore: i.failedBefore.map((p) => ({ paymentId: p.paymentId, amountFen: p.amountFen })),
  };
}

/** The read side the school-aid source starts from (projections/school-aid/school-aid-payouts.ts). */
export interface SchoolAidPayoutDirectory {
  /** Approved applications on the fund with an instalment due on `today` and not yet ordered. */
  due(fundId: string, today: IsoDate): Promise<string[]>;
  /** The person's applications with a payout (by the blind index of the ID number). */
  ofPerson(personKey: string): Promise<string[]>;
}

export function schoolAidPayouts(deps: { store: EventStore; authorities: AuthorityDirectory; personalData: Pick<PersonalDataProtector, 'protect'>; directory: SchoolAidPayoutDirectory }) {
  const { store, authorities, personalData, directory } = deps;
  const streamId = schoolAidStreams.streamId;

  async function known(applicationId: string): Promise<Known> {
    const state = await loadState(store, schoolAidDecider, streamId(applicationId));
    if (state.status === 'none') throw new NotFoundError('资助申请不存在');
    return state;
  }

  async function segmentsOf(studentId: string): Promise<{ segments: readonly StatusSegment[]; revision: number }> {
    const events = await store.readStream(studentStreamId(studentId));
    const student = foldEvents(studentDecider, events);
    return { segments: student.status === 'none' ? [] : student.segments, revision: events.length - 1 };
  }

  /**
   * Before an application's instalments are ordered: each due one whose date finds the student not
   * attending (suspended, left) is stopped. Its reservation is released first, then the stop
   * appended: if the append is interrupted, the instalment is still due, so the next batch checks
   * it again (the release of a reservation no longer active changes nothing) and records the stop.
   * The command id names the student's revision, so a status approved since is checked again.
   */
  async function stopIneligible(app: Known, today: IsoDate): Promise<string[]> {
    const { applicationId } = app.application;
    if (app.status !== 'approved' || !app.payout) return [];
    const { segments, revision } = await segmentsOf(app.application.studentId);
    const view = { status: app.status, applicationId, schoolId: app.application.schoolId, title: schoolAidTitle(app.application), payout: app.payout };
    const stops = instalmentsToStop(view, today, segments);
    if (!stops.length) return [];
    const request: RequestContext = {
      actor: { id: 'system:school-aid-payout', role: 'system', orgId: null },
      commandId: uuidv5(`check:${applicationId}:${today}:${revision}`, PAYOUT_NAMESPACE),
      correlationId: uuidv5(`check:${applicationId}:${today}`, PAYOUT_NAMESPACE),
      ip: null,
    };
    const funds = fundReservations(store);
    for (const stop of stops) await funds.release(app.payout.fundId, stop.data.reservationId, 'entitlement_ended', stop.data.reason, { ...request, commandId: uuidv5(`release:${stop.data.reservationId}`, PAYOUT_NAMESPACE) });
    const result = await handleCommand(store, schoolAidDecider, streamId(applicationId), { type: 'CheckSchoolAidInstalments', today, segments }, request);
    return result.events.flatMap((e) => (e.type === 'SchoolAidInstalmentStopped' ? [`${view.title}：${e.data.reason}`] : []));
  }

  const source: PayableSource = {
    module: schoolAidStreams.module,
    label: '学生资助（免学费、助学金）',
    candidates: (fundId, today) => directory.due(fundId, today),
    async prepare(applicationId, batchId, today) {
      let events = await store.readStream(streamId(applicationId));
      let state = foldEvents(schoolAidDecider, events);
      if (state.status === 'none' || !state.payout) return { record: null, skipped: [] };
      const notes = await stopIneligible(state, today);
      // A stop was appended: the order is decided on the stream as it now stands.
      if (notes.length) {
        events = await store.readStream(streamId(applicationId));
        state = foldEvents(schoolAidDecider, events);
        if (state.status === 'none' || !state.payout) return { record: null, skipped: notes };
      }
      const view = { status: state.status, applicationId, schoolId: state.application.schoolId, title: schoolAidTitle(state.application), payout: state.payout };
      const why = payoutBlockedReason(view, today);
      if (why) return { record: null, skipped: [...notes, `${view.title}：${why}`] };
      const account = state.payout.account!;
      const decided = schoolAidDecider.decide({ type: 'OrderSchoolAidInstalments', batchId, today }, state, { actor: { id: 'batch', role: 'system', orgId: null }, now: `${today}T00:00:00.000Z` });
      const due = dueInstalments(view, today);
      return {
        record: {
          orders: due.map((i) => ({
            paymentId: paymentIdOf(i.reservationId),
            applicationId,
            source: schoolAidStreams.module,
            reservationId: i.reservationId,
            payee: { kind: 'person' as const, personKey: account.personKey, idMasked: account.idMasked, name: state.application.studentName, account: account.account, accountName: account.accountName },
            amountFen: i.amountFen,
            purpose: `${schoolAidTitle(state.application)}第${i.no}期`,
          })),
          streamId: streamId(applicationId),
          expectedRevision: events.length - 1,
          events: decided,
        },
        skipped: notes,
      };
    },
    ...payableOutcomes(store, schoolAidDecider, (order) => streamId(order.applicationId), (order, batchId, result) => ({ type: 'RecordSchoolAidPaymentOutcome' as const, paymentId: order.paymentId, batchId, ...result })),
    ...payableReleases(store, schoolAidDecider, (order) => streamId(order.applicationId), (order, batchId, reason) => ({ type: 'ReleaseSchoolAidInstalment' as const, paymentId: order.paymentId, batchId, reason })),
    async money(reservationId) {
      const match = /^school-aid:([^#]+)#/.exec(reservationId);
      if (!match) return null;
      const state = await loadState(store, schoolAidDecider, streamId(match[1]!));
      const instalment = state.status === 'none' ? undefined : state.payout?.instalments.find((i) => i.reservationId === reservationId);
      return state.status === 'none' || !instalment ? null : instalmentMoney(state, instalment);
    },
    async personMoney(personKey) {
      const out: ApplicationMoney[] = [];
      for (const id of await directory.ofPerson(personKey)) {
        const state = await loadState(store, schoolAidDecider, streamId(id));
        if (state.status === 'none' || !state.payout || state.payout.account?.personKey !== personKey) continue;
        out.push(...state.payout.instalments.map((i) => instalmentMoney(state, i)));
      }
      return out;
    },
  };

  return {
    source,

    /** 登记社保卡金融账户 by the school, for an approved application: the number encrypted and masked; the person is keyed by the ID number's blind index. */
    async recordAccount(applicationId: string, input: unknown, request: RequestContext) {
      const { account, accountName } = parseInput(accountSchema, input);
      const app = await known(applicationId);
      const student = await loadState(store, studentDecider, studentStreamId(app.application.studentId));
      if (student.status === 'none') throw new NotFoundError('学籍记录不存在');
      const id = student.person.idNumber;
      return handleCommand(
        store,
        schoolAidDecider,
        streamId(applicationId),
        { type: 'RecordSchoolAidPayoutAccount', schoolId: request.actor.orgId ?? '', account: { account: personalData.protect('bankCard', account), accountName, personKey: id.blindIndex, idMasked: id.masked } },
        request,
      );
    },

    /** 重新发放 a failed instalment to the account recorded since, approved by the fund's authority or one above: reserved again before it is recorded. */
    async reissue(applicationId: string, no: number, request: RequestContext) {
      const app = await known(applicationId);
      if (!app.payout) throw new RuleViolationError('资助申请尚无发放计划', 'school_aid.no_payout');
      const { fundId } = app.payout;
      const fund = await fundReservations(store).state(fundId);
      const mayHandle = fund.status === 'open' && isAtOrAbove(await authorities.organization(fund.authorityId), request.actor.orgId);
      const amountFen = app.payout.instalments.find((i) => i.no === no)?.amountFen ?? 0;
      return approveWithReservations({
        store,
        decider: schoolAidDecider,
        streamId: streamId(applicationId),
        command: { type: 'ReissueSchoolAidInstalment', no, mayHandle },
        request,
        reservations: (events) => events.flatMap((e) => (e.type === 'SchoolAidInstalmentReissued' ? [{ fundId, reservationId: e.data.reservationId, applicationId, amountFen }] : [])),
        noFund: () => ({ message: '资金尚未下达，不能重新发放', rule: 'school_aid.no_fund' }),
        recorded: (after, reservationId) => after.status !== 'none' && Boolean(after.payout?.instalments.some((i) => i.reservationId === reservationId)),
      });
    },

    state: known,
  };
}

export type SchoolAidPayouts = ReturnType<typeof schoolAidPayouts>;
