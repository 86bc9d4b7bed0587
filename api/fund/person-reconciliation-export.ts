// 个人对账 as an .xlsx export (GET /export/person-reconciliation.xlsx?filter={"idNumber":"…"}): the
// same answer as the GraphQL query (person-reconciliation.ts: permission, ID number check, only the
// records in the caller's scope), one row a line. The lines are computed from the records' streams,
// not read from a table, so the export's query hands them to the export's cursor as one jsonb
// parameter (jsonb_to_recordset): the file is exactly what the page showed. The route records the
// export with the ID number masked (export-route.ts).
import { maskIdNumber } from '../../domain/personal-data/masking';
import { formatYuan } from '../../domain/shared/money';
import { parseInput } from '../../domain/shared/validation';
import type { ExportColumn, ExportList } from '../export/export-lists';
import { withRecords } from '../records';
import { personPaymentReconciliation, personReconciliationInput, type PersonPaymentLine } from './person-reconciliation';

type Line = PersonPaymentLine & { n: number; idMasked: string };
type Filter = { idNumber: string };

const yuan = (fen: string) => formatYuan(Number(fen));
const columns: ExportColumn<Line>[] = [
  { header: '身份证号码', width: 22, value: (l) => l.idMasked },
  { header: '记录类型', width: 12, value: (l) => l.moduleLabel },
  { header: '补贴项目', width: 36, value: (l) => l.title },
  { header: '审核金额', width: 16, value: (l) => yuan(l.approvedFen) },
  { header: '已支付', width: 16, value: (l) => yuan(l.paidFen) },
  { header: '支付失败', width: 16, value: (l) => yuan(l.failedFen) },
  { header: '核减', width: 16, value: (l) => yuan(l.removedFen) },
  { header: '待支付', width: 16, value: (l) => yuan(l.pendingFen) },
  { header: '支付状态', width: 16, value: (l) => l.statusLabel },
  { header: '原支付失败后重新支付次数', width: 14, value: (l) => l.reissued },
  { header: '对账', width: 10, value: (l) => (l.balanced ? '平衡' : '不平') },
  { header: '审核金额（分）', width: 16, value: (l) => l.approvedFen },
];

// Every field of a line the columns read, as jsonb_to_recordset's column definitions.
const LINE_COLUMNS = 'n int, "idMasked" text, "moduleLabel" text, title text, "approvedFen" text, "paidFen" text, "failedFen" text, "removedFen" text, "pendingFen" text, "statusLabel" text, reissued int, balanced boolean';

export const personReconciliationExport: ExportList<Line, Filter> = {
  label: '个人对账',
  parseFilter: (raw) => parseInput(personReconciliationInput, raw ?? {}),
  async query(ctx, filter) {
    const scope = withRecords(ctx.platform.knex, ctx.scope, ctx.platform.modules);
    const answer = await personPaymentReconciliation(ctx, filter.idNumber, async (streamId) => Boolean(await scope.findRecord(streamId)));
    const idMasked = maskIdNumber(filter.idNumber.toUpperCase());
    const lines = answer.lines.map((l, i) => ({ ...l, n: i + 1, idMasked }));
    const query = ctx.platform.knex.select('*').from(ctx.platform.knex.raw(`jsonb_to_recordset(?::jsonb) as lines(${LINE_COLUMNS})`, [JSON.stringify(lines)]));
    return { query, orderBy: [{ column: 'lines.n', order: 'asc' }] };
  },
  items: async (_ctx, rows) => rows as unknown as Line[],
  columns,
};
