// Password and session policy (等保三级 baseline), set by the security administrator. Each change
// is an event; nothing weaker than the baseline is accepted.
import { z } from 'zod';
import { assertNever, type Decider, type DomainEvent } from '../shared/decider';
import { integerIn, parseInput } from '../shared/validation';

export const BASELINE_POLICY = {
  minLength: 8,
  minCharacterClasses: 3,
  maxAgeDays: 90,
  historySize: 5,
  maxFailedAttempts: 5,
  lockMinutes: 30,
  idleMinutes: 30,
} as const;

export const securityPolicySchema = z.object({
  minLength: integerIn('密码最小长度', BASELINE_POLICY.minLength, 64),
  minCharacterClasses: integerIn('密码字符类别数', BASELINE_POLICY.minCharacterClasses, 4),
  maxAgeDays: integerIn('密码有效期（天）', 1, BASELINE_POLICY.maxAgeDays),
  historySize: integerIn('不得重复使用的历史密码数', BASELINE_POLICY.historySize, 24),
  maxFailedAttempts: integerIn('连续失败锁定次数', 3, BASELINE_POLICY.maxFailedAttempts),
  lockMinutes: integerIn('锁定时长（分钟）', BASELINE_POLICY.lockMinutes, 24 * 60),
  idleMinutes: integerIn('会话空闲超时（分钟）', 5, BASELINE_POLICY.idleMinutes),
});
export type SecurityPolicy = z.output<typeof securityPolicySchema>;
export const parseSecurityPolicy = (input: unknown) => parseInput(securityPolicySchema, input);

export const SECURITY_POLICY_STREAM = 'policy-security';

export type SecurityPolicySet = DomainEvent<'SecurityPolicySet', { policy: SecurityPolicy }>;
export type SecurityPolicyState = { policy: SecurityPolicy; version: number };

export const securityPolicyDecider: Decider<{ type: 'SetSecurityPolicy'; policy: SecurityPolicy }, SecurityPolicySet, SecurityPolicyState> = {
  initialState: () => ({ policy: { ...BASELINE_POLICY }, version: 0 }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'SecurityPolicySet':
        return { policy: event.data.policy, version: state.version + 1 };
      default:
        return assertNever(event.type);
    }
  },
  decide: (command, state) => (JSON.stringify(command.policy) === JSON.stringify(state.policy) ? [] : [{ type: 'SecurityPolicySet', data: { policy: command.policy } }]),
};

const CLASSES: [RegExp, string][] = [
  [/[a-z]/, '小写字母'],
  [/[A-Z]/, '大写字母'],
  [/[0-9]/, '数字'],
  [/[^a-zA-Z0-9]/, '特殊字符'],
];

/** Problems with a new password under the policy, in Chinese; empty when acceptable. */
export function passwordProblems(password: string, policy: SecurityPolicy, username: string): string[] {
  const problems: string[] = [];
  if (password.length < policy.minLength) problems.push(`密码至少${policy.minLength}位`);
  if (password.length > 128) problems.push('密码不能超过128位');
  const classes = CLASSES.filter(([re]) => re.test(password)).length;
  if (classes < policy.minCharacterClasses) {
    problems.push(`密码须包含${CLASSES.map(([, l]) => l).join('、')}中的至少${policy.minCharacterClasses}类`);
  }
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('密码不能包含用户名');
  return problems;
}
