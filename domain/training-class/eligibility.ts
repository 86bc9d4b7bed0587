// 补贴资格: whether a person may attend one more subsidised training. The rules are a policy the
// provincial authority edits (one stream, `subsidy-eligibility-policy`, each change an event with
// its reason): a cap on subsidised trainings in total (3 by default, as the brief reads 财社〔2023〕181号),
// an optional cap per calendar year (several provinces count 3 per year instead, so the authority
// can switch), the same occupation and level only once, and optionally no lower level after a
// higher one. Checked when a person enrols; the outcome and its reasons are kept on the enrolment,
// and a person who is not eligible may still enrol as self-paid.
import { z } from 'zod';
import { assertNever, type CommandContext, type Decider, type DomainEvent } from '../shared/decider';
import { ForbiddenError } from '../shared/errors';
import { streamNaming } from '../shared/streams';
import { integerIn, parseInput, requiredText } from '../shared/validation';
import { ENTREPRENEURSHIP_SUB_KIND_LABELS, subjectLabel, type ClassDetails } from './class-details';

/** The policy's stream: one record for the province, `subsidy-eligibility-policy-province`. */
export const eligibilityPolicyStreams = streamNaming('subsidy-eligibility-policy');
export const ELIGIBILITY_POLICY_STREAM = eligibilityPolicyStreams.streamId('province');

export interface EligibilityPolicy {
  /** Subsidised trainings one person may have in total; null: no cap. */
  maxSubsidisedTotal: number | null;
  /** Subsidised trainings one person may have per calendar year (of the class's start, China time); null: no cap. */
  maxSubsidisedPerYear: number | null;
  /** The same occupation and level (for 创业培训: the same programme, SYB / GYB / 网创) is subsidised once. */
  sameSubjectOnce: boolean;
  /** A person subsidised for a higher level of an occupation is not subsidised for a lower one. */
  noLowerLevelAfterHigher: boolean;
  /** The documents the policy rests on, shown with a refusal. */
  basis: string;
}

export const DEFAULT_ELIGIBILITY_POLICY: EligibilityPolicy = {
  maxSubsidisedTotal: 3,
  maxSubsidisedPerYear: null,
  sameSubjectOnce: true,
  noLowerLevelAfterHigher: false,
  basis: '财社〔2023〕181号',
};

/** The policy with the version it had (0: the defaults above, never changed), as enrolments record it. */
export interface PolicyInForce {
  policy: EligibilityPolicy;
  version: number;
}

/**
 * One subsidised training of the person's past or present, prepared by the command layer from the
 * class records: every subsidised enrolment in another class that is approved, in progress or
 * completed, and not withdrawn (a present one counts: completing it will be subsidised).
 */
export interface SubsidisedTraining {
  classId: string;
  className: string;
  details: Pick<ClassDetails, 'kind' | 'subKind' | 'occupation' | 'plannedStart'>;
}

export interface EligibilityReason {
  rule: 'total_cap' | 'yearly_cap' | 'same_subject' | 'lower_level';
  message: string;
}
export interface EligibilityOutcome {
  eligible: boolean;
  reasons: EligibilityReason[];
  policyVersion: number;
}

const sameSubject = (a: SubsidisedTraining['details'], b: SubsidisedTraining['details']) =>
  a.occupation && b.occupation
    ? a.occupation.code === b.occupation.code && a.occupation.level === b.occupation.level
    : !a.occupation && !b.occupation && a.kind === b.kind && a.subKind === b.subKind;

/** Skill levels run from 5 (初级工) to 1 (高级技师): a smaller number is a higher level. */
const higherLevelOfSame = (past: SubsidisedTraining['details'], target: SubsidisedTraining['details']) =>
  past.occupation !== null && target.occupation !== null && past.occupation.code === target.occupation.code && Number(past.occupation.level) < Number(target.occupation.level);

/** Whether a person with this history may have the target class subsidised, and if not, every reason. */
export function checkEligibility(inForce: PolicyInForce, history: readonly SubsidisedTraining[], target: { classId: string; details: SubsidisedTraining['details'] }): EligibilityOutcome {
  const { policy } = inForce;
  const past = history.filter((h) => h.classId !== target.classId);
  const reasons: EligibilityReason[] = [];
  if (policy.maxSubsidisedTotal !== null && past.length >= policy.maxSubsidisedTotal) {
    reasons.push({ rule: 'total_cap', message: `已参加补贴性培训${past.length}次，达到每人累计${policy.maxSubsidisedTotal}次的上限（${policy.basis}）` });
  }
  const year = target.details.plannedStart.slice(0, 4);
  const thatYear = past.filter((h) => h.details.plannedStart.startsWith(year));
  if (policy.maxSubsidisedPerYear !== null && thatYear.length >= policy.maxSubsidisedPerYear) {
    reasons.push({ rule: 'yearly_cap', message: `${year}年已参加补贴性培训${thatYear.length}次，达到每人每年${policy.maxSubsidisedPerYear}次的上限（${policy.basis}）` });
  }
  const same = policy.sameSubjectOnce ? past.find((h) => sameSubject(h.details, target.details)) : undefined;
  if (same) {
    const what = same.details.occupation ? `同一职业（工种）同一等级` : `同一创业培训项目（${same.details.subKind ? ENTREPRENEURSHIP_SUB_KIND_LABELS[same.details.subKind] : ''}）`;
    reasons.push({ rule: 'same_subject', message: `已参加过“${subjectLabel(same.details)}”的补贴性培训（${same.className}），${what}只能享受一次补贴` });
  }
  const higher = policy.noLowerLevelAfterHigher ? past.find((h) => higherLevelOfSame(h.details, target.details)) : undefined;
  if (higher) reasons.push({ rule: 'lower_level', message: `已参加过更高等级“${subjectLabel(higher.details)}”的补贴性培训（${higher.className}），不再享受低等级培训补贴` });
  return { eligible: reasons.length === 0, reasons, policyVersion: inForce.version };
}

/** The outcome in one line, as the enrolment form and the roster show it. */
export const describeEligibility = (outcome: EligibilityOutcome): string => (outcome.eligible ? '符合补贴条件' : `不符合补贴条件：${outcome.reasons.map((r) => r.message).join('；')}`);

// ---- The policy as a record the provincial authority edits ----

const cap = (label: string) => integerIn(label, 1, 50).nullable();
export const eligibilityPolicySchema = z.object({
  maxSubsidisedTotal: cap('每人累计补贴次数上限'),
  maxSubsidisedPerYear: cap('每人每年补贴次数上限'),
  sameSubjectOnce: z.boolean({ error: '请选择同一职业同一等级是否只能享受一次' }),
  noLowerLevelAfterHigher: z.boolean({ error: '请选择取得高等级后是否不再补贴低等级' }),
  basis: requiredText('政策依据', 200),
});

export type EligibilityPolicyChanged = DomainEvent<'EligibilityPolicyChanged', { policy: EligibilityPolicy; version: number; reason: string }>;
export type EligibilityPolicyEvent = EligibilityPolicyChanged;
export const ELIGIBILITY_POLICY_EVENT_LABELS: Record<EligibilityPolicyEvent['type'], string> = { EligibilityPolicyChanged: '修改补贴资格政策' };
export type EligibilityPolicyCommand = { type: 'ChangeEligibilityPolicy'; policy: unknown; reason: string };

function decide(command: EligibilityPolicyCommand, state: PolicyInForce, context: CommandContext): EligibilityPolicyEvent[] {
  switch (command.type) {
    case 'ChangeEligibilityPolicy': {
      // Only the provincial authority: checked by the command layer (the domain knows no org tree).
      if (!context.actor.orgId) throw new ForbiddenError('只有管理机构可以修改补贴资格政策');
      const policy: EligibilityPolicy = parseInput(eligibilityPolicySchema, command.policy);
      if ((Object.keys(policy) as (keyof EligibilityPolicy)[]).every((k) => policy[k] === state.policy[k])) return [];
      const reason = parseInput(requiredText('修改原因', 500, { multiline: true }), command.reason);
      return [{ type: 'EligibilityPolicyChanged', data: { policy, version: state.version + 1, reason } }];
    }
    default:
      return assertNever(command.type);
  }
}

export const eligibilityPolicyDecider: Decider<EligibilityPolicyCommand, EligibilityPolicyEvent, PolicyInForce> = {
  initialState: () => ({ policy: DEFAULT_ELIGIBILITY_POLICY, version: 0 }),
  evolve: (_state, event) => ({ policy: event.data.policy, version: event.data.version }),
  decide,
};
