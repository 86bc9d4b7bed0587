// 批量导入: jobs that import an .xlsx file of a module's import kind, resumable, with a report.
// The kinds come from the modules' manifests (`imports`).
import { importDecider } from '../../domain/import/import-job';
import { IMPORT_EVENT_LABELS, IMPORT_STATUS_LABELS } from '../../domain/import/labels';
import { importOwner } from '../../projections/import/import-records';
import { importsProjection } from '../../projections/import/imports-table';
import { defineModule, recordType } from '../module';
import { IMPORT_SORT, importResolvers, importTypeDefs } from './import-graphql';

export const importModule = defineModule({
  name: 'import',
  label: '批量导入',
  record: recordType({ decider: importDecider, statusLabels: IMPORT_STATUS_LABELS, owner: importOwner }),
  eventLabels: IMPORT_EVENT_LABELS,
  projections: [importsProjection],
  lists: [{ query: 'imports', paged: true, sort: IMPORT_SORT, owners: { selection: 'orgId', of: (j) => [j.orgId as string | null] } }],
  graphql: [{ typeDefs: importTypeDefs, resolvers: importResolvers }],
  permissions: ['import:run'],
});
