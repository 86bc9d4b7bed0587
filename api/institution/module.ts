// 培训机构 (requirements 1, 2): registered by an authority, reviewed, effective; changes reviewed;
// annual review of private institutions; licence expiry; revocation.
import { institutionCommands, institutionReviewable } from '../../commands/institution/institution-commands';
import { institutionDecider } from '../../domain/institution/institution';
import { INSTITUTION_EVENT_LABELS, INSTITUTION_FIELD_LABELS, INSTITUTION_STATUS_LABELS } from '../../domain/institution/labels';
import { institutionOwner, institutionPersonalData } from '../../projections/institution/institution-records';
import { institutionSearch } from '../../projections/institution/institution-search';
import { institutionsProjection } from '../../projections/institution/institutions-table';
import { defineModule, recordType } from '../module';
import { institutionExport } from './institution-export';
import { INSTITUTION_SORT, institutionResolvers, institutionTypeDefs } from './institution-graphql';

export const institutionModule = defineModule({
  name: 'institution',
  label: '培训机构',
  record: recordType({ decider: institutionDecider, statusLabels: INSTITUTION_STATUS_LABELS, owner: institutionOwner, personalData: institutionPersonalData }),
  review: institutionReviewable(),
  eventLabels: INSTITUTION_EVENT_LABELS,
  fieldLabels: INSTITUTION_FIELD_LABELS,
  projections: [institutionsProjection],
  search: { source: institutionSearch, permission: 'institution:read' },
  graphql: [{ typeDefs: institutionTypeDefs, resolvers: institutionResolvers }],
  lists: [
    // A registration is its authority's until the institution becomes effective, then the institution's own.
    { query: 'institutions', paged: true, sort: INSTITUTION_SORT, owners: { selection: 'id supervisingAuthorityId', of: (i) => [i.id as string, i.supervisingAuthorityId as string] }, exportName: 'institutions' },
  ],
  exports: { institutions: institutionExport },
  commands: (deps) => ({ institutions: institutionCommands(deps.store, deps.personalData, deps.submissionFor) }),
  permissions: ['institution:read', 'institution:register', 'institution:edit', 'institution:supervise', 'review:submit'],
});
