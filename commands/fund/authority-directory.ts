// What the money modules (standards, funds, applications, payments, vouchers) need to know of the
// organisation tree: a port, implemented in projections/fund/authority-directory.ts and wired in
// api/platform-directories.ts, so the command layer never reads the organisations read model.
import type { OrganizationKind } from '../../domain/organization/organization';

export type { OrganizationKind };

export interface OrganizationFacts {
  id: string;
  name: string;
  kind: OrganizationKind;
  /** Its ancestors from the province down, itself last. */
  path: string[];
  /** 6-digit division code, where it has one. */
  divisionCode: string | null;
}

export interface AuthorityDirectory {
  /** The organisation, or undefined when it is not in the tree. */
  organization(orgId: string): Promise<OrganizationFacts | undefined>;
}

/** Whether `actorOrgId` is the organisation itself or one above it in the tree. */
export const isAtOrAbove = (org: Pick<OrganizationFacts, 'path'> | undefined, actorOrgId: string | null) => Boolean(org && actorOrgId && org.path.includes(actorOrgId));

export const isAuthority = (org: Pick<OrganizationFacts, 'kind'> | undefined) => Boolean(org && (org.kind === 'province' || org.kind === 'prefecture' || org.kind === 'county'));
