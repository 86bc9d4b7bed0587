// What the platform derives from the module list (api/modules.ts): every registry that used to be
// written by hand is computed here, once, from the manifests.
import type { ImportKind } from '../commands/import/import-kinds';
import type { ReviewableModule } from '../commands/review/review-commands';
import type { Permission } from '../domain/identity/roles';
import type { ProjectionDefinition } from '../projections/runner/projection';
import type { SearchProjectionDefinition } from '../projections/runner/search-projection';
import { recordsSearchProjection } from '../projections/search/records-index';
import type { ExportList } from './export/export-lists';
import type { AnyModuleManifest, ModuleCommandsSeen, RecordType } from './module';
import { COMMON_FIELD_LABELS, fieldLabelWith } from './timeline/labels';
import { moduleOfStream } from '../domain/shared/streams';

/** A record type with the module it belongs to (its stream prefix) and its Chinese name. */
export type RegisteredRecord = RecordType & { module: string; label: string };

export function moduleRegistry(modules: readonly AnyModuleManifest[]) {
  const names = new Set<string>();
  for (const m of modules) {
    if (names.has(m.name)) throw new Error(`module ${m.name} is listed twice`);
    names.add(m.name);
  }
  const records: RegisteredRecord[] = modules.flatMap((m) => (m.record ? [{ ...m.record, module: m.name, label: m.label }] : []));
  // Longest name first: `training-class-…` belongs to training-class even if a `training` module existed.
  const byPrefix = [...records].sort((a, b) => b.module.length - a.module.length);
  const eventLabels: Record<string, string> = Object.assign({}, ...modules.map((m) => m.eventLabels ?? {}));
  const fieldLabels: Record<string, string> = Object.assign({}, COMMON_FIELD_LABELS, ...modules.map((m) => m.fieldLabels ?? {}));
  const exports: Record<string, ExportList> = {};
  for (const m of modules) {
    for (const [name, list] of Object.entries(m.exports ?? {})) {
      if (exports[name]) throw new Error(`export list ${name} is declared twice`);
      exports[name] = list;
    }
  }
  const searchable = modules.flatMap((m) => (m.search ? [{ module: m.name, ...m.search }] : []));
  const recordsSearch = recordsSearchProjection(searchable.map((s) => s.source));
  const labels = new Map(modules.map((m) => [m.name, m.label]));

  return {
    modules,
    records,
    /** The record a stream holds, or undefined for a stream no module declares. */
    recordOf(streamId: string): { record: RegisteredRecord; id: string } | undefined {
      const record = byPrefix.find((r) => streamId.startsWith(`${r.module}-`));
      // A longer stream naming under a record's name (`capture-schedule-…` under capture) is another kind of stream, not that record.
      if (record && moduleOfStream(streamId).length > record.module.length) return undefined;
      const id = record ? streamId.slice(record.module.length + 1) : '';
      return record && id ? { record, id } : undefined;
    },
    labelOf: (module: string) => labels.get(module) ?? module,
    eventLabel: (type: string) => eventLabels[type] ?? type,
    fieldLabel: fieldLabelWith(fieldLabels),
    /** Event types with a label: the label tests check every type written is among them. */
    labelledEventTypes: () => Object.keys(eventLabels),
    exports,
    projections: [...modules.flatMap((m) => m.projections ?? []), recordsSearch] as readonly (ProjectionDefinition | SearchProjectionDefinition)[],
    /** The permission that lets a user find each module's records in the global search. */
    searchPermissions: Object.fromEntries(searchable.map((s) => [s.module, s.permission])) as Record<string, Permission>,
    reviewables: modules.flatMap((m) => (m.review ? [m.review] : [])) as ReviewableModule[],
    importKinds: (commands: ModuleCommandsSeen & Record<string, unknown>): ImportKind[] =>
      modules.flatMap((m) => (m.imports ? (m.imports as (c: typeof commands) => ImportKind[])(commands) : [])),
  };
}

export type ModuleRegistry = ReturnType<typeof moduleRegistry>;
