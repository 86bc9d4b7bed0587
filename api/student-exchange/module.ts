// 数据对接 (issue 15 §7): exchange with the national technical-school registration system: our
// registrations and changes out (file, or its interface when configured), its list in and reconciled.
import { httpNationalRegistry } from '../../commands/student-exchange/http-national-registry';
import { loadNationalRegistryEndpoint } from '../../commands/student-exchange/national-endpoint';
import { studentExchangeCommands } from '../../commands/student-exchange/exchange-commands';
import { STUDENT_EXCHANGE_EVENT_LABELS, STUDENT_EXCHANGE_STATUS_LABELS, studentExchangeDecider } from '../../domain/student-exchange/student-exchange';
import { studentExchangeOwner, studentExchangesProjection } from '../../projections/student-exchange/student-exchanges-table';
import { defineModule, recordType } from '../module';
import { studentExchangeResolvers, studentExchangeTypeDefs } from './student-exchange-graphql';

export const studentExchangeModule = defineModule({
  name: 'student-exchange',
  label: '学籍数据对接',
  record: recordType({ decider: studentExchangeDecider, statusLabels: STUDENT_EXCHANGE_STATUS_LABELS, owner: studentExchangeOwner }),
  eventLabels: STUDENT_EXCHANGE_EVENT_LABELS,
  fieldLabels: { exchangeId: '对接编号', receipt: '报送回执', onlyNational: '仅全国系统有', onlyOurs: '仅本系统有', matched: '一致', differing: '不一致' },
  projections: [studentExchangesProjection],
  graphql: [{ typeDefs: studentExchangeTypeDefs, resolvers: studentExchangeResolvers }],
  lists: [{ query: 'studentExchanges', paged: false, owners: { selection: 'orgId', of: (e) => [e.orgId as string] } }],
  commands: (deps) => {
    const endpoint = loadNationalRegistryEndpoint();
    return { studentExchange: studentExchangeCommands(deps.store, endpoint ? httpNationalRegistry(endpoint) : undefined) };
  },
  permissions: ['student:exchange'],
});
