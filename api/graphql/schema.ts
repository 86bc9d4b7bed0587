// One schema assembled from per-module parts: adding a module adds one line to MODULES.
import { makeExecutableSchema } from '@graphql-tools/schema';
import { JSONResolver } from 'graphql-scalars';
import { auditResolvers, auditTypeDefs } from '../audit/audit-graphql';
import { adminResolvers, adminTypeDefs } from '../identity/admin-graphql';
import { identityResolvers, identityTypeDefs } from '../identity/identity-graphql';
import { dictionaryResolvers, dictionaryTypeDefs } from '../dictionary/dictionary-graphql';
import { traineeResolvers, traineeTypeDefs } from '../trainee/trainee-graphql';
import { teacherResolvers, teacherTypeDefs } from '../teacher/teacher-graphql';
import { searchResolvers, searchTypeDefs } from '../search/search-graphql';
import { ledgerResolvers, ledgerTypeDefs } from '../ledger/ledger-graphql';
import { institutionResolvers, institutionTypeDefs } from '../institution/institution-graphql';
import { personalDataResolvers, personalDataTypeDefs } from '../personal-data/personal-data-graphql';
import { occupationResolvers, occupationTypeDefs } from '../occupation/occupation-graphql';
import { organizationResolvers, organizationTypeDefs } from '../organization/organization-graphql';
import { reviewResolvers, reviewTypeDefs } from '../review/review-graphql';
import { timelineResolvers, timelineTypeDefs } from '../timeline/timeline-graphql';
import { importResolvers, importTypeDefs } from '../import/import-graphql';
import { paginationTypeDefs } from './pagination';

const root = /* GraphQL */ `
  scalar JSON
  type Query {
    "服务端版本"
    version: String!
  }
  type Mutation {
    _noop: Boolean
  }
  "一次写操作的结果"
  type CommandResult {
    "记录编号"
    id: ID!
    streamId: String!
    revision: Int!
    "写入的全局位置；查询时带上请求头 X-Read-After-Position 可读到自己的写入"
    position: String
    "同一 commandId 重复提交时为 true，未再次写入"
    repeated: Boolean!
    "需要告知用户的结果说明（如：已关联到其他机构录入的人员，待审核）"
    notice: String
  }
`;

const MODULES = [
  { typeDefs: identityTypeDefs, resolvers: identityResolvers },
  { typeDefs: adminTypeDefs, resolvers: adminResolvers },
  { typeDefs: auditTypeDefs, resolvers: auditResolvers },
  { typeDefs: organizationTypeDefs, resolvers: organizationResolvers },
  { typeDefs: occupationTypeDefs, resolvers: occupationResolvers },
  { typeDefs: institutionTypeDefs, resolvers: institutionResolvers },
  { typeDefs: traineeTypeDefs, resolvers: traineeResolvers },
  { typeDefs: teacherTypeDefs, resolvers: teacherResolvers },
  { typeDefs: searchTypeDefs, resolvers: searchResolvers },
  { typeDefs: ledgerTypeDefs, resolvers: ledgerResolvers },
  { typeDefs: dictionaryTypeDefs, resolvers: dictionaryResolvers },
  { typeDefs: personalDataTypeDefs, resolvers: personalDataResolvers },
  { typeDefs: reviewTypeDefs, resolvers: reviewResolvers },
  { typeDefs: timelineTypeDefs, resolvers: timelineResolvers },
  { typeDefs: importTypeDefs, resolvers: importResolvers },
];

export function buildSchema(version: string) {
  return makeExecutableSchema({
    typeDefs: [root, paginationTypeDefs, ...MODULES.map((m) => m.typeDefs)],
    resolvers: [{ JSON: JSONResolver, Query: { version: () => version } }, ...MODULES.map((m) => m.resolvers)],
  });
}
