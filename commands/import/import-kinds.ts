// What the import needs of a module: its columns, how one row is checked, which cells identify a
// person (duplicates inside a file), and how one valid row is imported through the module's own
// commands. The job, the report, progress and resumption are generic; a module registers a kind
// (trainee-import-kind.ts, teacher-import-kind.ts: columns and row check in domain/import, checked
// with the module's form schema; one entry in the list import-module.ts registers).
import type { Permission } from '../../domain/identity/roles';
import type { ImportColumn, RowProblem } from '../../domain/import/import-rows';
import type { IsoDate } from '../../domain/personal-data/normalize';
import type { RequestContext } from '../pipeline/request-context';

/** What importing one row did to the module's records. */
export type RowOutcome = 'imported' | 'linked' | 'unchanged';

/** A sheet of reference values the template carries (e.g. the person categories for a drop-down). */
export interface ReferenceList {
  sheetName: string;
  headers: string[];
  rows: string[][];
  /** Which of the list's columns feeds the drop-down of which template column. */
  dropDown?: { listColumn: number; forColumn: string };
}

export interface PreparedKind<Input> {
  /** What the rows are checked against (JSON), recorded at validation and handed back to `prepare` for the import phase. */
  context: Record<string, unknown>;
  /** Checks one row's cells: the input the module's command takes, or the row's problems. */
  check(row: number, cells: Record<string, string>): { ok: true; input: Input } | { ok: false; problems: RowProblem[] };
  /** The value that must be unique inside one file (the ID number), normalised. */
  identity(input: Input): string;
  /** Imports one valid row; a domain error skips the row with its message. */
  importRow(input: Input, request: RequestContext): Promise<RowOutcome>;
  /**
   * Optional: imports many rows at once (one commit for many new records). Per row, its outcome or
   * the error that skips it, in input order.
   */
  importRows?(rows: { input: Input; request: RequestContext }[]): Promise<(RowOutcome | Error)[]>;
}

export interface ImportKind<Input = unknown> {
  kind: string;
  /** 学员, 培训师资 ... */
  label: string;
  columns: readonly ImportColumn[];
  /** Header of the column that identifies a person (named in duplicate messages). */
  identityColumn: string;
  /** Permissions, beyond import:run, needed to start such an import. */
  permissions: readonly Permission[];
  /**
   * The file's valid rows are imported together, in one `importRows` call, accepted or refused as
   * a whole (a class's timetable: its rules hold between the rows). Such a kind must have `importRows`.
   */
  wholeFile?: boolean;
  referenceLists(): Promise<ReferenceList[]>;
  /**
   * What checking needs, for a job acting for `institutionId` on `today`: loaded now (validation),
   * or taken from the context validation recorded (import phase), so both check rows the same way.
   */
  prepare(job: { institutionId: string; today: IsoDate; context?: Record<string, unknown> }): Promise<PreparedKind<Input>>;
}

export type ImportKindRegistry = ReadonlyMap<string, ImportKind>;

export const importKindRegistry = (kinds: readonly ImportKind[]): ImportKindRegistry => new Map(kinds.map((k) => [k.kind, k]));
