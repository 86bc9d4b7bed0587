// 职业培训券 (requirement 18; issue 14 §4): vouchers issued to people by an authority, loaded onto
// the electronic social-security card through a port, used at enrolment in an eligible class of an
// institution that accepts them, settled through the class's approved funding application,
// cancelled or expired (daily job) with the reason.
import { httpCardVouchers, loadCardVoucherEndpoint } from '../../commands/voucher/card-http-adapter';
import { embeddedCardVouchers } from '../../commands/voucher/card-port';
import { voucherSettlementProcess } from '../../commands/voucher/settlement-process';
import { voucherCommands, voucherExpiryJob } from '../../commands/voucher/voucher-commands';
import { VOUCHER_EVENT_LABELS, VOUCHER_FIELD_LABELS, VOUCHER_RECORD_STATUS_LABELS } from '../../domain/voucher/labels';
import { voucherDecider } from '../../domain/voucher/voucher';
import { voucherAcceptancesProjection, voucherHolders, voucherOwner, vouchersProjection } from '../../projections/voucher/vouchers-table';
import { defineModule, recordType } from '../module';
import { voucherExport } from './voucher-export';
import { ACCEPTANCE_SORT, VOUCHER_SORT, voucherResolvers, voucherTypeDefs } from './voucher-graphql';

export const voucherModule = defineModule({
  name: 'voucher',
  label: '职业培训券',
  record: recordType({ decider: voucherDecider, statusLabels: VOUCHER_RECORD_STATUS_LABELS, owner: voucherOwner }),
  eventLabels: VOUCHER_EVENT_LABELS,
  fieldLabels: VOUCHER_FIELD_LABELS,
  projections: [vouchersProjection, voucherAcceptancesProjection],
  graphql: [{ typeDefs: voucherTypeDefs, resolvers: voucherResolvers }],
  lists: [
    { query: 'vouchers', paged: true, sort: VOUCHER_SORT, owners: { selection: 'authorityId', of: (v) => [v.authorityId as string] }, exportName: 'vouchers' },
    { query: 'voucherAcceptances', paged: true, sort: ACCEPTANCE_SORT, owners: { selection: 'institutionId', of: (a) => [a.institutionId as string] } },
  ],
  exports: { vouchers: voucherExport },
  commands: (deps) => {
    // The card platform by configuration only: SSCARD_VOUCHER_URL and its app id and secret, or the embedded adapter.
    const endpoint = loadCardVoucherEndpoint(process.env);
    const vouchers = voucherCommands({
      store: deps.store,
      authorities: deps.directories.authorities,
      personalData: deps.personalData,
      card: endpoint ? httpCardVouchers(endpoint) : embeddedCardVouchers(),
      holders: voucherHolders(deps.knex),
      ...(deps.logger ? { logger: deps.logger } : {}),
    });
    return { vouchers, voucherExpiryJob: voucherExpiryJob(vouchers) };
  },
  workers: (deps, commands) => [voucherSettlementProcess({ store: deps.store, knex: deps.knex, vouchers: commands.vouchers, ...(deps.logger ? { logger: deps.logger } : {}) })],
  permissions: ['voucher:read', 'voucher:issue'],
});
