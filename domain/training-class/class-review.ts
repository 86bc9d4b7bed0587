// The training class in the one review workflow (review.ts). Three things are reviewed on the
// class's stream, one round at a time: the declaration (its approval opens the class), a change
// request (its approval applies the change), and the completion (its approval completes the class
// and issues the certificates). Levels come from the kind's settings at submission.
import { chinaDate } from '../personal-data/normalize';
import {
  decideWithReview,
  type ReviewAuthorities,
  type ReviewEvent,
  type ReviewParticipation,
} from '../review/review';
import type { CommandContext } from '../shared/decider';
import { RuleViolationError } from '../shared/errors';
import { DEFAULT_TRAINING_KIND_SETTINGS, reviewPolicyOf, type TrainingKindSettings } from './class-settings';
import { certificatesFor } from './completion';
import type { TrainingClassEvent } from './events';
import { NOT_FOUND, requireClass, requireInstitution } from './guards';
import { evolve, isOpened, type TrainingClassState } from './state';

export const trainingClassReview: ReviewParticipation<TrainingClassState, TrainingClassEvent> = {
  policy: reviewPolicyOf(DEFAULT_TRAINING_KIND_SETTINGS.employment),
  reviewOf: (state) => (state.status === 'none' ? undefined : state.review),
  notFound: NOT_FOUND,
  checkSubmission(state, context) {
    const s = requireClass(state);
    requireInstitution(s, context);
    if (s.awaitingSubmission) return;
    if (isOpened(s) && s.subject === 'change' && s.change) return;
    if (s.status === 'draft' || s.status === 'declared') throw new RuleViolationError('请通过“班级申报”提交开班申报（申报时限需重新核对）', 'training_class.declare_to_submit');
    if (s.subject === 'completion') throw new RuleViolationError('请重新申请结业（出勤和考核结果将重新计算）', 'training_class.request_completion_again');
    throw new RuleViolationError('没有待提交审核的变更', 'training_class.nothing_pending');
  },
  title: (state) => (state.status === 'none' ? '' : `${state.details.name}（${state.classNo}）`),
  onDecision(decision: ReviewEvent, state, context) {
    const s = requireClass(state);
    const today = chinaDate(context.now);
    const final = decision.type === 'ReviewApproved' && decision.data.final;
    const rejected = decision.type === 'ReviewRejected' ? decision.data.reason : null;
    switch (s.subject) {
      case 'declaration':
        if (final && s.status === 'declared') return [{ type: 'TrainingClassOpened', data: { openedOn: today, version: s.version + 1 } }];
        if (rejected !== null) return [{ type: 'TrainingClassCancelled', data: { reason: `开班申报未通过审核：${rejected}`, by: 'review', byOrgId: context.actor.orgId, on: today } }];
        return [];
      case 'change':
        if (!isOpened(s) || !s.change) return [];
        if (final) return [{ type: 'TrainingClassChangeApplied', data: { change: s.change, appliedOn: today, version: s.version + 1 } }];
        if (rejected !== null) return [{ type: 'TrainingClassChangeDiscarded', data: { reason: rejected } }];
        return [];
      case 'completion':
        if (final && s.status === 'suspended') throw new RuleViolationError('班级已暂停，恢复培训后才能审核通过结业', 'training_class.suspended');
        if (final && s.status === 'in_progress' && s.completionRequest) {
          return [{ type: 'TrainingClassCompleted', data: { completedOn: today, certificates: certificatesFor(s.classNo, s.completionRequest.outcomes) } }];
        }
        if (rejected !== null) return [{ type: 'TrainingClassCompletionRefused', data: { reason: rejected } }];
        return [];
      default:
        return [];
    }
  },
};

/** Submits what the recorded events prepared, in the same command: one append, so nothing is left half-submitted. */
export function submitAlong(
  recorded: TrainingClassEvent[],
  state: TrainingClassState,
  submit: { authorities: ReviewAuthorities; settings: TrainingKindSettings; note?: string },
  context: CommandContext,
): TrainingClassEvent[] {
  const after = recorded.reduce(evolve, state);
  const command = { type: 'SubmitForReview' as const, authorities: submit.authorities, policy: reviewPolicyOf(submit.settings), ...(submit.note ? { note: submit.note } : {}) };
  return [...recorded, ...decideWithReview(trainingClassReview, command, after, context)];
}
