// 个人补贴公示 on the public side (issue 14 §2): served by the same public-notice path as training
// funding (publicNoticeRoute: no session, rate-limited, today in China time, paged), one item per
// person and subsidy under notice today, the name and ID number masked as training funding's
// (张*, 5201**********0011), the amount, the period and whom to address an objection to.
import type { Platform } from '../platform';
import { PERSONAL_SUBSIDY_KIND_LABELS, type PersonalSubsidyKind } from '../../domain/personal-subsidy/calculation';
import { describeNotice, maskIdNumberForPublic, maskName } from '../../domain/subsidy-application/notice';
import { personalNoticesOn, type PersonalNoticeRow } from '../../projections/personal-subsidy/public-notices';
import { publicNoticeRoute } from '../subsidy-application/public-notices';

export const PERSONAL_PUBLIC_NOTICE_PATH = '/public/personal-subsidy-notices';

export const personalNoticeItem = (row: PersonalNoticeRow) => {
  const { notice } = row.state.current;
  const kind = PERSONAL_SUBSIDY_KIND_LABELS[row.kind as PersonalSubsidyKind] ?? row.kind;
  return {
    title: `${kind}公示`,
    kind,
    className: row.class_name,
    institution: row.institution_name,
    payer: row.payer_name,
    notice: notice ? describeNotice(notice) : null,
    publishedOn: notice?.publishedOn ?? null,
    until: row.notice_until,
    totalFen: String(row.amount_fen),
    people: [{ name: maskName(row.person_name), idNumber: maskIdNumberForPublic(row.id_number_masked), amountFen: String(row.amount_fen) }],
    objection: `对公示名单如有异议，请于${row.notice_until}前向${row.payer_name ?? '支付单位'}实名反映。`,
  };
};

export const personalPublicNoticeHandler = (platform: Pick<Platform, 'knex'>) => publicNoticeRoute(platform, { rowsOn: personalNoticesOn, toItem: personalNoticeItem });
