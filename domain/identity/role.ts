// Roles as records: the security administrator defines and changes them; every change is an event.
import { z } from 'zod';
import { assertNever, type Decider, type DomainEvent } from '../shared/decider';
import { RuleViolationError } from '../shared/errors';
import { oneOf, parseInput, requiredText } from '../shared/validation';
import { DATA_SCOPES, DUTIES, DUTY_LABELS, PERMISSION_NAMES, dutyOf, type Duty, type Permission } from './roles';

export const roleInputSchema = z.object({
  label: requiredText('角色名称', 30),
  duty: oneOf('职责类别', DUTIES),
  permissions: z.array(z.enum(PERMISSION_NAMES as [Permission, ...Permission[]], { error: '权限不存在' })).min(1, { error: '至少选择一项权限' }),
  dataScope: oneOf('数据范围', DATA_SCOPES),
  requiresSecondFactor: z.boolean({ error: '请选择是否要求双因素认证' }),
});
export type RoleInput = z.output<typeof roleInputSchema>;
export const parseRoleInput = (input: unknown) => parseInput(roleInputSchema, input);

export type RoleDefined = DomainEvent<'RoleDefined', { name: string } & RoleInput>;
export type RoleChanged = DomainEvent<'RoleChanged', RoleInput>;
export type RoleEvent = RoleDefined | RoleChanged;

export type RoleState = { status: 'none' } | ({ status: 'defined'; name: string } & RoleInput);
export type RoleCommand = { type: 'DefineRole'; name: string; input: RoleInput } | { type: 'ChangeRole'; input: RoleInput };

/** 三员分立: a role serves one duty only, and admin duties never carry business permissions. */
function checkDuty(input: RoleInput) {
  const duty: Duty | undefined = dutyOf(input.permissions);
  if (duty === undefined) throw new RuleViolationError('一个角色不能同时包含不同职责（业务、系统管理、安全管理、审计管理）的权限', 'role.mixed_duties');
  if (duty !== input.duty) throw new RuleViolationError(`所选权限属于“${DUTY_LABELS[duty]}”职责，与角色的职责类别不符`, 'role.duty_mismatch');
  if (input.duty !== 'business' && !input.requiresSecondFactor) throw new RuleViolationError('管理员角色必须启用双因素认证', 'role.admin_needs_2fa');
}

export const roleDecider: Decider<RoleCommand, RoleEvent, RoleState> = {
  initialState: () => ({ status: 'none' }),
  evolve(state, event) {
    switch (event.type) {
      case 'RoleDefined':
        return { status: 'defined', ...event.data };
      case 'RoleChanged':
        return state.status === 'defined' ? { ...state, ...event.data } : state;
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'DefineRole':
        if (state.status !== 'none') throw new RuleViolationError('角色已存在', 'role.exists');
        checkDuty(command.input);
        return [{ type: 'RoleDefined', data: { name: command.name, ...command.input } }];
      case 'ChangeRole': {
        if (state.status === 'none') throw new RuleViolationError('角色不存在', 'role.not_found');
        if (command.input.duty !== state.duty) throw new RuleViolationError('不能改变角色的职责类别', 'role.duty_fixed');
        checkDuty(command.input);
        const { status: _s, name: _n, ...current } = state;
        if (JSON.stringify(current) === JSON.stringify(command.input)) return [];
        return [{ type: 'RoleChanged', data: command.input }];
      }
      default:
        return assertNever(command);
    }
  },
};
