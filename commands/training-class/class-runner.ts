// How every training-class command runs: through the one pipeline (handleCommand), under the
// class's reservation lock, with the bookings its new state needs taken before its events are
// appended and the ones it dropped given up after (reservations.ts). Also the lookups several
// commands share: the institution's standing, the people's other bookings, the authorities.
import type { Knex } from 'knex';
import { NotFoundError } from '../../domain/shared/errors';
import type { AuthorityStanding, BusyLookup, InstitutionStanding, TrainingClassCommand } from '../../domain/training-class/commands';
import type { ParticipantKind } from '../../domain/training-class/class-details';
import { NOT_FOUND } from '../../domain/training-class/guards';
import type { TrainingClassEvent } from '../../domain/training-class/events';
import type { ExistingClass, TrainingClassState } from '../../domain/training-class/state';
import type { BusyInterval } from '../../domain/training-class/timetable';
import { trainingClassDecider, trainingClassStreams } from '../../domain/training-class/training-class';
import type { EventStore } from '../../store/event-store/event-store';
import { loadState } from '../../store/fold';
import type { InstitutionDirectory } from '../institution/institution-directory';
import type { OrganizationDirectory } from '../organization/organization-commands';
import { handleCommand, type BeforeAppend, type CommandSource } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import { personKey, reservationChanges, reservationsFor, sessionReservations, type Reservation } from './reservations';
import type { TrainingClassDirectory } from './training-class-directory';

export const TRAINING_CLASS_MODULE = trainingClassStreams.module;
export const trainingClassStreamId = trainingClassStreams.streamId;

/** How another class names this one in an overlap message. */
export const classLabel = (state: TrainingClassState) => (state.status === 'none' ? '' : `${state.details.name}（${state.classNo}）`);

/** Every person the state names (its teachers, its roster, a pending change's), by reservation key. */
function namesOf(state: TrainingClassState): Map<string, string> {
  const names = new Map<string, string>();
  if (state.status === 'none') return names;
  const change = 'change' in state ? state.change : null;
  for (const t of [...state.teachers, ...(change?.teachers ?? [])]) names.set(personKey('teacher', t.teacherId), t.name);
  for (const e of [...state.roster, ...(change?.enrol ?? [])]) names.set(personKey(e.participant.kind, e.participant.personId), e.participant.name);
  return names;
}

export interface ClassRunnerDeps {
  store: EventStore;
  knex: Knex;
  directory: TrainingClassDirectory;
  institutions: Pick<InstitutionDirectory, 'canOperate'>;
  organizations: OrganizationDirectory;
}

export function classRunner(deps: ClassRunnerDeps) {
  const { store } = deps;
  const reservations = sessionReservations(deps.knex);

  const load = (classId: string) => loadState(store, trainingClassDecider, trainingClassStreamId(classId));

  return {
    reservations,
    load,
    async existing(classId: string): Promise<ExistingClass> {
      const state = await load(classId);
      if (state.status === 'none') throw new NotFoundError(NOT_FOUND);
      return state;
    },

    /**
     * Runs a command on a class. The bookings the decided state adds are taken before the append
     * (a person busy elsewhere refuses it, and nothing is written); those it drops are released
     * once the events are in.
     */
    async run(classId: string, source: CommandSource<TrainingClassCommand, TrainingClassState>, request: RequestContext, options: { likelyNew?: boolean; beforeAppend?: BeforeAppend<TrainingClassEvent, TrainingClassState> } = {}) {
      let label = '';
      let last: { before: Reservation[]; after: Reservation[] } | undefined;
      return reservations.withClassLock(
        classId,
        () => label,
        async (lock) => {
          const result = await handleCommand(store, trainingClassDecider, trainingClassStreamId(classId), source, request, {
            ...(options.likelyNew ? { likelyNew: true } : {}),
            beforeAppend: async (decided) => {
              const { before, after } = decided;
              label = classLabel(after);
              last = { before: reservationsFor(before), after: reservationsFor(after) };
              await lock.acquire(reservationChanges(last.before, last.after).added, request.commandId, namesOf(after));
              // What else the command needs before its events go in (a training voucher taken on its holder's stream).
              await options.beforeAppend?.(decided);
            },
          });
          if (!result.repeated && result.events.length > 0 && last) await lock.release(reservationChanges(last.before, last.after).dropped);
          return result;
        },
      );
    },

    /** Brings a class's bookings to what its stream says (the reconciler; safe at any time). */
    async reconcile(classId: string, commandId: string) {
      let label = '';
      return reservations.withClassLock(
        classId,
        () => label,
        async (lock) => {
          const state = await load(classId);
          label = classLabel(state);
          return lock.syncTo(reservationsFor(state), commandId);
        },
      );
    },

    /** The institution as the domain checks it: may operate (effective, not suspended or revoked), and its penalties. */
    async institutionStanding(institutionId: string): Promise<InstitutionStanding> {
      const [canOperate, record] = await Promise.all([deps.institutions.canOperate(institutionId), deps.directory.institution(institutionId)]);
      return { institutionId, canOperate, barredUntil: record?.barredUntil ?? null, designationTerminated: record?.designationTerminated ?? false };
    },

    /** Whether the actor's organisation is an authority above the class's institution. */
    async authorityStanding(institutionId: string, request: RequestContext): Promise<AuthorityStanding> {
      const authorities = await deps.organizations.reviewAuthoritiesFor(institutionId);
      return { supervises: Boolean(request.actor.orgId) && Object.values(authorities).includes(request.actor.orgId!) };
    },

    authorities: (institutionId: string) => deps.organizations.reviewAuthoritiesFor(institutionId),

    /**
     * The BusyLookup of these teachers and participants around the class's period: their bookings
     * in other classes, read from the reservations themselves (exact, where a read model lags).
     */
    async busy(classId: string, people: { teachers: readonly string[]; participants: readonly { kind: ParticipantKind; personId: string }[] }, period: { from: string; to: string }): Promise<BusyLookup> {
      const keys = [...people.teachers.map((id) => personKey('teacher', id)), ...people.participants.map((p) => personKey(p.kind, p.personId))];
      const found = await reservations.busy(classId, keys, period);
      const of = (key: string): BusyInterval[] => found.get(key) ?? [];
      return {
        teachers: Object.fromEntries(people.teachers.map((id) => [id, of(personKey('teacher', id))])),
        participants: Object.fromEntries(people.participants.map((p) => [p.personId, of(personKey(p.kind, p.personId))])),
      };
    },
  };
}

export type ClassRunner = ReturnType<typeof classRunner>;
