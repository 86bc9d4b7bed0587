// The trainee kind of import: each valid row is entered and submitted for review exactly as the
// console's "录入并提交" does (enterTrainee with submit: true), through the trainee module's commands.
import { TRAINEE_COLUMNS, parseTraineeRow, type CategoryEntry, type TraineeColumn } from '../../domain/import/trainee-import';
import { normalizeIdNumber } from '../../domain/personal-data/id-number';
import type { TraineeInput } from '../../domain/trainee/trainee-input';
import type { DictionaryCommands } from '../dictionary/dictionary-commands';
import type { TraineeCommands } from '../trainee/trainee-commands';
import type { ImportKind, RowOutcome } from './import-kinds';

const CATEGORY_LIST = '人员类别';

const outcomeOf = (entered: { events: { type: string }[] }): RowOutcome =>
  entered.events.length === 0 ? 'unchanged' : entered.events[0]!.type === 'TraineeRegistered' ? 'imported' : 'linked';

export function traineeImportKind(deps: { trainees: TraineeCommands; dictionaries: Pick<DictionaryCommands, 'entries'> }): ImportKind<TraineeInput> {
  const activeCategories = async (): Promise<CategoryEntry[]> => (await deps.dictionaries.entries('person_category')).filter((e) => e.active).map(({ code, label }) => ({ code, label }));
  return {
    kind: 'trainee',
    label: '学员',
    columns: TRAINEE_COLUMNS,
    identityColumn: '身份证号码',
    permissions: ['trainee:enter', 'review:submit'],
    async referenceLists() {
      const categories = await activeCategories();
      return [{ sheetName: CATEGORY_LIST, headers: ['名称', '编码'], rows: categories.map((c) => [c.label, c.code]), dropDown: { listColumn: 0, forColumn: 'personCategory' } }];
    },
    async prepare(job) {
      const recorded = job.context?.categories as CategoryEntry[] | undefined;
      const categories = recorded ?? (await activeCategories());
      return {
        context: { categories },
        check: (row, cells) => parseTraineeRow(row, cells as Record<TraineeColumn, string>, job.today, categories),
        identity: (input) => normalizeIdNumber(input.idNumber),
        async importRow(input, request) {
          return outcomeOf(await deps.trainees.enter(job.institutionId, input, [], request, { submit: true }));
        },
        async importRows(rows) {
          const results = await deps.trainees.enterMany(job.institutionId, rows);
          return results.map((r) => (r instanceof Error ? r : outcomeOf(r)));
        },
      };
    },
  };
}
