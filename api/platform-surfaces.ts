// The platform's generic surfaces, declared as modules with no records of their own: the global
// search, the record timeline, the ledger and the audited reveal of personal data.
import { defineModule } from './module';
import { ledgerResolvers, ledgerTypeDefs } from './ledger/ledger-graphql';
import { personalDataResolvers, personalDataTypeDefs } from './personal-data/personal-data-graphql';
import { searchExport } from './search/search-export';
import { searchResolvers, searchTypeDefs } from './search/search-graphql';
import { timelineResolvers, timelineTypeDefs } from './timeline/timeline-graphql';

// The hits of a search as a report (9(13)): GET /export/search-results.xlsx?filter={"q":…}.
export const searchModule = defineModule({ name: 'search', label: '全局搜索', graphql: [{ typeDefs: searchTypeDefs, resolvers: searchResolvers }], exports: { 'search-results': searchExport } });
export const timelineModule = defineModule({ name: 'timeline', label: '时间线', graphql: [{ typeDefs: timelineTypeDefs, resolvers: timelineResolvers }], permissions: ['record:timeline'] });
export const ledgerModule = defineModule({ name: 'ledger', label: '账本', graphql: [{ typeDefs: ledgerTypeDefs, resolvers: ledgerResolvers }] });
export const personalDataModule = defineModule({ name: 'personal-data', label: '个人信息', graphql: [{ typeDefs: personalDataTypeDefs, resolvers: personalDataResolvers }], permissions: ['pii:unmask'] });
