// The one way a clear personal-data value leaves the system: a user with the unmask permission,
// a record in their data scope, a reason; the view is recorded as an event before the value is
// returned (commands/personal-data/unmask.ts).
import { recordFact } from '../../commands/pipeline/record-fact';
import { unmaskAudited } from '../../commands/personal-data/unmask';
import type { GraphQLContext } from '../graphql/context';
import { clientError } from '../graphql/errors';

export const personalDataTypeDefs = /* GraphQL */ `
  extend type Mutation {
    "查看完整个人信息（身份证号、电话、银行卡）：须有权限并填写原因，每次查看都记入审计日志"
    revealPersonalData(streamId: String!, field: String!, reason: String!): String!
  }
`;

export const personalDataResolvers = {
  Mutation: {
    async revealPersonalData(_: unknown, args: { streamId: string; field: string; reason: string }, ctx: GraphQLContext) {
      ctx.require('pii:unmask');
      const { module, id } = await ctx.scope.requireRecord(args.streamId);
      const protectedValue = await module.personalData?.(ctx.platform.knex, id, args.field);
      if (!protectedValue) throw clientError('NOT_FOUND', '该记录没有此项个人信息');
      return unmaskAudited(ctx.platform.personalData, (streamId, event) => recordFact(ctx.platform.store, streamId, event, ctx.request()), {
        recordStreamId: args.streamId,
        field: args.field,
        kind: protectedValue.kind,
        reason: args.reason,
        cipher: protectedValue.cipher,
      });
    },
  },
};
