// 9(13): diplomas in the records index: one document per school's diploma record, found by any
// number issued from it and by the holders' names (the record lists each issued number and holder).
import { organizationNames } from '../organization/organization-names';
import type { RecordSummarySource } from '../search/records-index';
import { diplomaStocksTable } from './diploma-stocks-table';

export const diplomaSearch: RecordSummarySource = {
  module: 'diploma-stock',
  dependsOn: ['diploma-stocks'],
  typePrefixes: ['Diploma'],
  async summaries(knex, ids) {
    const rows = await diplomaStocksTable(knex).whereIn('school_id', ids);
    const schools = await organizationNames(knex, rows.map((r) => r.school_id));
    return rows.map((r) => {
      const issued = r.state.status === 'open' ? Object.entries(r.state.issued as Record<string, { studentName?: string }>) : [];
      return {
        streamId: r.stream_id,
        module: 'diploma-stock',
        title: `${schools.get(r.school_id) ?? ''}毕业证`,
        subtitle: `已发放 ${r.issued} 本 · 库存 ${r.in_stock} 本`,
        keywords: [...new Set(issued.map(([, d]) => d.studentName ?? ''))],
        codes: issued.map(([number]) => number),
        status: r.review_status,
        ownerOrgIds: [r.school_id],
        createdBy: null,
        updatedAt: r.updated_at,
      };
    });
  },
};
