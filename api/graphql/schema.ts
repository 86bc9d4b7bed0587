// One schema assembled from the modules' parts (api/modules.ts): a module adds its part in its manifest.
import { makeExecutableSchema } from '@graphql-tools/schema';
import { JSONResolver } from 'graphql-scalars';
import { MODULES } from '../modules';
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

export function buildSchema(version: string) {
  const parts = MODULES.flatMap((m) => m.graphql ?? []);
  return makeExecutableSchema({
    typeDefs: [root, paginationTypeDefs, ...parts.map((p) => p.typeDefs)],
    resolvers: [{ JSON: JSONResolver, Query: { version: () => version } }, ...parts.map((p) => p.resolvers)],
  });
}
