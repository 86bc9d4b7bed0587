// Organisations (管理机构 and the units they supervise): the tree data scope and review levels
// are resolved against. Requirement 4: each level registers its own and lower-level bodies.
import { z } from 'zod';
import { assertNever, type Decider, type DomainEvent } from '../shared/decider';
import { RuleViolationError } from '../shared/errors';
import { oneOf, parseInput, requiredText } from '../shared/validation';

export const ORGANIZATION_KINDS = ['province', 'prefecture', 'county', 'institution', 'school', 'college'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
export const ORGANIZATION_KIND_LABELS: Record<OrganizationKind, string> = {
  province: '省级人社部门',
  prefecture: '市州人社部门',
  county: '区县人社部门',
  institution: '培训机构',
  school: '技工院校',
  college: '职业院校',
};
/** Authority kinds in the order of review levels. */
export const AUTHORITY_KINDS = ['county', 'prefecture', 'province'] as const satisfies readonly OrganizationKind[];

export const organizationInputSchema = z.object({
  name: requiredText('机构名称', 100),
  kind: oneOf('机构类别', ORGANIZATION_KINDS),
  parentId: z.string().nullable(),
  divisionCode: z.string().regex(/^52\d{4}$/, { error: '行政区划代码应为以52开头的6位数字' }),
});
export type OrganizationInput = z.output<typeof organizationInputSchema>;
export const parseOrganizationInput = (input: unknown) => parseInput(organizationInputSchema, input);

export type OrganizationRegistered = DomainEvent<'OrganizationRegistered', { orgId: string } & OrganizationInput>;
export type OrganizationEvent = OrganizationRegistered;

export type OrganizationState = { status: 'none' } | ({ status: 'registered'; orgId: string } & OrganizationInput);

export type OrganizationCommand = { type: 'RegisterOrganization'; orgId: string; input: OrganizationInput };

export const organizationDecider: Decider<OrganizationCommand, OrganizationEvent, OrganizationState> = {
  initialState: () => ({ status: 'none' }),
  evolve(_state, event) {
    switch (event.type) {
      case 'OrganizationRegistered':
        return { status: 'registered', ...event.data };
      default:
        return assertNever(event.type);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'RegisterOrganization':
        if (state.status !== 'none') throw new RuleViolationError('该机构已登记', 'organization.exists');
        if (command.input.kind !== 'province' && !command.input.parentId) throw new RuleViolationError('请选择上级机构', 'organization.parent_required');
        return [{ type: 'OrganizationRegistered', data: { orgId: command.orgId, ...command.input } }];
      default:
        return assertNever(command.type);
    }
  },
};
