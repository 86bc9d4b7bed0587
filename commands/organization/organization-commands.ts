import { organizationDecider, type OrganizationInput } from '../../domain/organization/organization';
import type { ReviewAuthorities } from '../../domain/review/review';
import type { EventStore } from '../../store/event-store/event-store';
import { handleCommand } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';

export const organizationStreamId = (orgId: string) => `organization-${orgId}`;

/** What commands need to know about the organisation tree (implemented by a read model). */
export interface OrganizationDirectory {
  /** The reviewing authority at each level above an organisation (its county, prefecture, province). */
  reviewAuthoritiesFor(orgId: string): Promise<ReviewAuthorities>;
}

export function organizationCommands(store: EventStore) {
  return {
    register: (orgId: string, input: OrganizationInput, request: RequestContext) =>
      handleCommand(store, organizationDecider, organizationStreamId(orgId), { type: 'RegisterOrganization', orgId, input }, request),
  };
}
