// One manifest per module: everything the platform needs to know of a module, declared once, in
// api/<module>/module.ts. The platform assembles itself from the list in api/modules.ts: the GraphQL
// schema, the projection runner's set, the search documents, the review workflow's record types,
// record lookup and scope (timelines, replay, unmask), exports, imports, event and field labels.
// Adding a module = writing its folders (domain, commands, projections, api, web-admin) plus one
// line in that list.
import type { makeExecutableSchema } from '@graphql-tools/schema';
import type { Knex } from 'knex';
import type { ImportKind } from '../commands/import/import-kinds';
import type { DictionaryCommands } from '../commands/dictionary/dictionary-commands';
import type { FaceService } from '../commands/face/face-service';
import type { PersonalDataProtector } from '../commands/personal-data/protected-field';
import type { ReviewableModule } from '../commands/review/review-commands';
import type { SubmissionFor } from '../commands/review/submission';
import type { PayableSource } from '../commands/payment-batch/payables';
import type { FileService } from '../commands/storage/files';
import type { Permission } from '../domain/identity/roles';
import type { PersonalDataKind } from '../domain/personal-data/personal-data-kind';
import type { Decider, DomainEvent } from '../domain/shared/decider';
import type { ProjectionDefinition } from '../projections/runner/projection';
import type { RecordSummarySource } from '../projections/search/records-index';
import type { EventStore } from '../store/event-store/event-store';
import type { ExportList } from './export/export-lists';
import type { SortableFields } from './graphql/pagination';
import type { PlatformDirectories } from './platform-directories';

/** A module's GraphQL resolvers (the shape @graphql-tools/schema takes). */
type IResolvers = Exclude<NonNullable<Parameters<typeof makeExecutableSchema>[0]['resolvers']>, readonly unknown[]>;

/** A record type as the generic surfaces open it: fold its stream, find its owners, unmask a field. */
export interface RecordType {
  initialState(): unknown;
  evolve(state: unknown, event: DomainEvent): unknown;
  /** Labels of the state's `status` values (the timeline shows a status change in Chinese). */
  statusLabels: Readonly<Record<string, string>>;
  /**
   * The organisations the record belongs to (in scope when any of them is), where known its creator,
   * and for a class and what belongs to one, the class (a teacher's 'taught_classes' scope goes by it).
   */
  owner(knex: Knex, id: string): Promise<{ orgIds: string[]; createdBy?: string; classId?: string } | undefined>;
  /** A protected personal-data field of the record (for the audited unmask). */
  personalData?(knex: Knex, id: string, field: string): Promise<{ kind: PersonalDataKind; cipher: string } | undefined>;
}

/**
 * A module's record type over its own decider: typed closures, so the registry holds records of
 * every module without casting their deciders. The stream's events are the module's own (the
 * stream prefix says so), which is the one assumption the erasure makes.
 */
export function recordType<Event extends DomainEvent, State extends { status: string }>(spec: {
  decider: Pick<Decider<never, Event, State>, 'initialState' | 'evolve'>;
  statusLabels: Readonly<Record<State['status'], string>>;
  owner: RecordType['owner'];
  personalData?: RecordType['personalData'];
}): RecordType {
  const { decider } = spec;
  return {
    initialState: () => decider.initialState(),
    evolve: (state, event) => decider.evolve(state as State, event as Event),
    statusLabels: spec.statusLabels,
    owner: spec.owner,
    ...(spec.personalData ? { personalData: spec.personalData } : {}),
  };
}

/** A background process (a process manager) the platform runs where its projections run, started and stopped with it. */
export interface ModuleWorker {
  start(): void;
  stop(): Promise<void>;
}

/** What a business module's commands may be built from (explicit: a module asks for nothing else). */
export interface ModuleDeps {
  store: EventStore;
  knex: Knex;
  personalData: PersonalDataProtector;
  dictionaries: DictionaryCommands;
  files: FileService;
  /** The face engine (started on first use), the descriptor sealer and the face settings. */
  face: FaceService;
  directories: PlatformDirectories;
  /** Resolves the submission a record makes when entered and submitted in one step. */
  submissionFor: SubmissionFor;
  /** Every module's payable source (their manifests' `payables`), for the payment batches. */
  payableSources: readonly PayableSource[];
  /** Where workers report what they could not do. */
  logger?: { error(object: object, message?: string): void };
}

/** A list the module serves (a GraphQL query returning a page of items, or all of them). */
export interface ListDefinition {
  /** The GraphQL query field, e.g. `trainees`. */
  query: string;
  /** True when the query takes `page: PageInput` and answers `{ items, total }`. */
  paged: boolean;
  /** The fields it may be sorted by (PageInput.sortBy), the same whitelist its resolver applies. */
  sort?: SortableFields;
  /**
   * Which organisations each item belongs to: the selection to ask for, and how to read them from
   * an item. An item is in a user's scope when any of them is (the access matrix checks every
   * item of every list against each role's scope).
   */
  owners: { selection: string; of(item: Record<string, unknown>): (string | null)[] };
  /** The export of the same list (GET /export/<name>.xlsx), if any. */
  exportName?: string;
  /** The import kind that feeds it, if any. */
  importKind?: string;
}

export interface ModuleManifest<Commands extends object = object> {
  /** Module name: its folder in every layer and, for record modules, its stream prefix (`<name>-<id>`). */
  name: string;
  /** What the module's records are called (待办, search results, timelines). */
  label: string;
  /** Its records as the timeline, audit replay, review history and unmask open them. */
  record?: RecordType;
  /** Its part in the review workflow (levels, what approval does: in its decider's ReviewParticipation). */
  review?: ReviewableModule;
  /** Chinese names of its event types (typed over its event union in domain/<module>/labels.ts). */
  eventLabels?: Readonly<Record<string, string>>;
  /** Chinese names of its state's fields, for timeline changes. */
  fieldLabels?: Readonly<Record<string, string>>;
  /** Its read models (row and search projections). */
  projections?: readonly ProjectionDefinition[];
  /** Its documents in the records search index, and the permission that lets a user find them. */
  search?: { source: RecordSummarySource; permission: Permission };
  /** Its parts of the GraphQL schema. */
  graphql?: readonly { typeDefs: string; resolvers: IResolvers }[];
  /** Its lists, with their sort whitelists, owners, export and import kind. */
  lists?: readonly ListDefinition[];
  /** Its lists that can be exported to .xlsx (GET /export/<name>.xlsx), by name. */
  exports?: Readonly<Record<string, ExportList>>;
  /** Its batch-import kinds, built from the platform's commands. */
  imports?: (commands: Commands & ModuleCommandsSeen) => ImportKind[];
  /** Its records that payment batches pay (commands/payment-batch/payables.ts), built from the platform's services. */
  payables?: (deps: ModuleDeps) => PayableSource;
  /** Its command handlers, built from the platform's services; merged into platform.commands. */
  commands?: (deps: ModuleDeps) => Commands;
  /** Its process managers, built from the platform's services and its own commands; run beside the projections. */
  workers?: (deps: ModuleDeps, commands: Commands) => readonly ModuleWorker[];
  /** The permissions its operations check (the access matrix covers each). */
  permissions?: readonly Permission[];
}

/** Commands every module may rely on when its import kinds are built (the platform's own). */
export interface ModuleCommandsSeen {
  dictionaries: DictionaryCommands;
}

/** Any module's manifest, as the registry holds them (each module's imports see its own commands). */
export type AnyModuleManifest = Omit<ModuleManifest, 'imports' | 'workers'> & {
  imports?: (commands: never) => ImportKind[];
  workers?: (deps: ModuleDeps, commands: never) => readonly ModuleWorker[];
};

/** Keeps a manifest's command type for the platform's typed `commands` object. */
export const defineModule = <Commands extends object = object>(manifest: ModuleManifest<Commands>): ModuleManifest<Commands> => manifest;
