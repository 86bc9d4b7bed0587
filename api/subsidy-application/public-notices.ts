// 公示 on the public side (issue 14 §2; the public-service issue gives it a page): a read-only JSON
// endpoint, open without a session and rate-limited, listing the applications under notice today
// (China time) with every funded person's name and ID number masked (张*, 5201**********0011), the
// amounts, the period, and whom to address an objection to. People taken out by an upheld
// objection are not listed; a revoked application is not either.
import type { NextFunction, Request, Response } from 'express';
import { chinaDate } from '../../domain/personal-data/normalize';
import { describeNotice, maskIdNumberForPublic, maskName } from '../../domain/subsidy-application/notice';
import { TRAINING_KIND_LABELS, type TrainingKind } from '../../domain/training-class/class-details';
import { noticesOn } from '../../projections/subsidy-application/public-notices';
import type { Platform } from '../platform';

export const PUBLIC_NOTICE_PATH = '/public/training-funding-notices';

/** One public notice list: its rows under notice on a day (a read-model query) and how a row is shown. */
export type PublicNoticeSource<Row> = {
  rowsOn(knex: Platform['knex'], day: string, page: { page: number; pageSize: number }): Promise<{ rows: Row[]; total: number }>;
  toItem(row: Row): unknown;
};

/**
 * The one public-notice path (training funding here, personal subsidies in
 * api/personal-subsidy/public-notices.ts): no session (the caller rate-limits), today in China
 * time, 20 a page, cached a minute; a source masks what it lists.
 */
export function publicNoticeRoute<Row>(platform: Pick<Platform, 'knex'>, source: PublicNoticeSource<Row>) {
  return (req: Request, res: Response, next: NextFunction) => {
    const page = Math.max(1, Math.min(1000, Number.parseInt(String(req.query.page ?? '1'), 10) || 1));
    const pageSize = 20;
    const today = chinaDate(new Date().toISOString());
    source
      .rowsOn(platform.knex, today, { page, pageSize })
      .then(({ rows, total }) => res.set('Cache-Control', 'public, max-age=60').json({ day: today, page, pageSize, total, items: rows.map((row) => source.toItem(row)) }))
      .catch(next);
  };
}

export function publicNoticeHandler(platform: Pick<Platform, 'knex'>) {
  return publicNoticeRoute(platform, {
    rowsOn: noticesOn,
    toItem: (row) => {
      const { state } = row;
      const people = state.calculation.result.eligible
        .filter((e) => !state.removed.includes(e.participantId))
        .map((e) => ({ name: maskName(e.name), idNumber: maskIdNumberForPublic(e.idNumberMasked), amountFen: String(e.amountFen) }));
      return {
        title: `${row.class_name}机构培训经费补贴公示`,
        kind: TRAINING_KIND_LABELS[row.kind as TrainingKind] ?? row.kind,
        institution: row.institution_name,
        payer: row.payer_name,
        notice: state.notice ? describeNotice(state.notice) : null,
        publishedOn: row.notice_from,
        until: row.notice_until,
        totalFen: String(row.payable_fen),
        people,
        objection: `对公示名单如有异议，请于${row.notice_until}前向${row.payer_name ?? '支付单位'}实名反映。`,
      };
    },
  });
}
