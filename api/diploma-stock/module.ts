// 空白毕业证 and 毕业证发放 (requirement 9(9)): one stock per school, requests reviewed by the school's
// authorities, every number accounted for.
import { diplomaStockCommands, diplomaStockReviewable } from '../../commands/diploma-stock/diploma-stock-commands';
import { technicalSchoolCommands } from '../../commands/technical-school/technical-school-commands';
import { diplomaStockDecider } from '../../domain/diploma-stock/diploma-stock';
import { DIPLOMA_STOCK_EVENT_LABELS, DIPLOMA_STOCK_FIELD_LABELS, DIPLOMA_STOCK_STATUS_LABELS } from '../../domain/diploma-stock/labels';
import { diplomaStockOwner, diplomaStocksProjection } from '../../projections/diploma-stock/diploma-stocks-table';
import { defineModule, recordType } from '../module';
import { diplomaStockResolvers, diplomaStockTypeDefs } from './diploma-stock-graphql';
import { diplomaSearch } from '../../projections/diploma-stock/diploma-search';

export const diplomaStockModule = defineModule({
  name: 'diploma-stock',
  label: '空白毕业证',
  record: recordType({ decider: diplomaStockDecider, statusLabels: DIPLOMA_STOCK_STATUS_LABELS, owner: diplomaStockOwner }),
  review: diplomaStockReviewable(),
  eventLabels: DIPLOMA_STOCK_EVENT_LABELS,
  fieldLabels: DIPLOMA_STOCK_FIELD_LABELS,
  projections: [diplomaStocksProjection],
  search: { source: diplomaSearch, permission: 'student:read' },
  graphql: [{ typeDefs: diplomaStockTypeDefs, resolvers: diplomaStockResolvers }],
  lists: [{ query: 'diplomaStocks', paged: false, owners: { selection: 'schoolId', of: (s) => [s.schoolId as string] } }],
  commands: (deps) => ({ diplomaStocks: diplomaStockCommands(deps.store, technicalSchoolCommands(deps.store), deps.submissionFor, deps.personalData) }),
  permissions: ['student:read', 'student:register', 'review:submit'],
});
