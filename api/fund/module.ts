// 资金 (issue 14 §1): one fund per authority, funding line and year; approvals reserve from it,
// rejections and failed payments release, paid orders are spent. Its balance is decided on its own
// stream (commands/fund/cached-stream.ts), exact under concurrency.
import { fundCommands } from '../../commands/fund/fund-commands';
import { fundReconciliation } from '../../commands/fund/reconciliation';
import { fundDecider } from '../../domain/fund/fund';
import { FUND_EVENT_LABELS, FUND_FIELD_LABELS, FUND_STATUS_LABELS } from '../../domain/fund/labels';
import { fundOwner, fundsProjection } from '../../projections/fund/funds-table';
import { defineModule, recordType } from '../module';
import { fundExport } from './fund-export';
import { personReconciliationExport } from './person-reconciliation-export';
import { FUND_SORT, fundResolvers, fundTypeDefs } from './fund-graphql';

export const fundModule = defineModule({
  name: 'fund',
  label: '资金',
  record: recordType({ decider: fundDecider, statusLabels: FUND_STATUS_LABELS, owner: fundOwner }),
  eventLabels: FUND_EVENT_LABELS,
  fieldLabels: FUND_FIELD_LABELS,
  projections: [fundsProjection],
  graphql: [{ typeDefs: fundTypeDefs, resolvers: fundResolvers }],
  lists: [{ query: 'funds', paged: true, sort: FUND_SORT, owners: { selection: 'authorityId', of: (f) => [f.authorityId as string] }, exportName: 'funds' }],
  exports: { funds: fundExport, 'person-reconciliation': personReconciliationExport },
  commands: (deps) => ({
    funds: fundCommands({ store: deps.store, authorities: deps.directories.authorities }),
    fundReconciliation: fundReconciliation({ store: deps.store, funds: deps.directories.fundList, sources: deps.payableSources }),
  }),
  permissions: ['subsidy:read', 'fund:manage'],
});
