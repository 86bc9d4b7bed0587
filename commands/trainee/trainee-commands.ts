import { requireConfirmedWarnings } from '../../domain/personal-data/confirmable-warning';
import { NotFoundError } from '../../domain/shared/errors';
import { traineeDecider, traineeReviewingOrg, traineeStreams, type TraineeCommand, type TraineeState } from '../../domain/trainee/trainee';
import { idNumberFacts, traineeWarnings, type TraineeEdit, type TraineeInput, type TraineePerson } from '../../domain/trainee/trainee-input';
import type { InstitutionDirectory } from '../institution/institution-directory';
import type { TraineeDirectory } from './trainee-directory';
import type { DictionaryCommands } from '../dictionary/dictionary-commands';
import type { EventStore } from '../../store/event-store/event-store';
import { noSubmission, type SubmissionFor } from '../review/submission';
import { withSubmission } from '../../domain/review/review';
import { personIdResolver } from '../personal-data/person-id';
import type { PersonalDataProtector } from '../personal-data/protected-field';
import { handleCommand, handleNewStreamCommands } from '../pipeline/handle-command';
import type { RequestContext } from '../pipeline/request-context';
import { reviewableModule, type ReviewableModule } from '../review/review-commands';
import type { ReviewPolicy } from '../../domain/review/review';

export const TRAINEE_MODULE = traineeStreams.module;
export const traineeStreamId = traineeStreams.streamId;
const PERSON_NAMESPACE = 'c3e1b5d2-7f4a-4e9b-8a61-0d2f5c7b9e13';

export const traineeReviewable = (policy?: ReviewPolicy): ReviewableModule =>
  reviewableModule({ module: TRAINEE_MODULE, label: '学员', decider: traineeDecider, reviewingOrg: traineeReviewingOrg, ...(policy ? { policy } : {}) });

export interface TraineeCommandDeps {
  store: EventStore;
  protector: PersonalDataProtector;
  dictionaries: Pick<DictionaryCommands, 'activeCodes'>;
  institutions: Pick<InstitutionDirectory, 'canOperate'>;
  trainees: TraineeDirectory;
  submissionFor?: SubmissionFor;
}

export function traineeCommands(deps: TraineeCommandDeps) {
  const { store, protector, dictionaries, institutions, trainees } = deps;
  const submissionFor = deps.submissionFor ?? noSubmission;
  const canOperate = (institutionId: string) => institutions.canOperate(institutionId);

  const protect = (input: TraineeInput): TraineePerson => ({
    name: input.name,
    idNumber: protector.protect('idNumber', input.idNumber),
    ...idNumberFacts(input.idNumber),
    personCategory: input.personCategory,
    phone: protector.protect('phone', input.phone),
    bankAccount: input.bankAccount ? protector.protect('bankCard', input.bankAccount) : null,
  });

  const personIdFor = personIdResolver(protector, PERSON_NAMESPACE, (indexes) => trainees.personIdByIdNumber(indexes));

  /** Enters a person; with `submit`, submits the entry for review in the same append. */
  const enter = async (institutionId: string, input: TraineeInput, confirmed: string[], request: RequestContext, options: { submit?: boolean } = {}) => {
    const confirmedWarnings = requireConfirmedWarnings(traineeWarnings(input), confirmed);
    const traineeId = await personIdFor(input.idNumber);
    const decider = options.submit ? withSubmission(traineeDecider, await submissionFor(institutionId)) : traineeDecider;
    const command: TraineeCommand = {
      type: 'EnterTrainee',
      traineeId,
      person: protect(input),
      institution: { institutionId, canOperate: await canOperate(institutionId) },
      personCategories: await dictionaries.activeCodes('person_category'),
      confirmedWarnings,
    };
    return handleCommand(store, decider, traineeStreamId(traineeId), command, request, { likelyNew: true });
  };

  return {
    personIdFor,
    enter,
    /**
     * Enters and submits many people for one institution (imports): new people in one batch append,
     * anyone already on record (or refused) one by one through `enter`. Results in input order; a
     * row the domain refuses comes back as its error.
     */
    async enterMany(institutionId: string, rows: { input: TraineeInput; request: RequestContext }[]) {
      const bidxOf = (row: { input: TraineeInput }) => protector.lookup('idNumber', row.input.idNumber);
      const known = await trainees.knownIdNumbers(rows.flatMap(bidxOf));
      const canEnter = await canOperate(institutionId);
      const categories = await dictionaries.activeCodes('person_category');
      const submitting = withSubmission(traineeDecider, await submissionFor(institutionId));
      const fresh = rows.filter((row) => traineeWarnings(row.input).length === 0 && !bidxOf(row).some((b) => known.has(b)));
      const items = await Promise.all(
        fresh.map(async (row) => {
          const traineeId = await personIdFor(row.input.idNumber);
          const command: TraineeCommand = {
            type: 'EnterTrainee',
            traineeId,
            person: protect(row.input),
            institution: { institutionId, canOperate: canEnter },
            personCategories: categories,
            confirmedWarnings: [],
          };
          return { streamId: traineeStreamId(traineeId), command, request: row.request };
        }),
      );
      const batched = await handleNewStreamCommands(store, submitting, items);
      const done = new Map(fresh.map((row, i) => [row, batched[i]]));
      return Promise.all(
        rows.map(async (row) => {
          const result = done.get(row);
          if (result) return result;
          try {
            return await enter(institutionId, row.input, [], row.request, { submit: true });
          } catch (error) {
            return error instanceof Error ? error : new Error(String(error));
          }
        }),
      );
    },
    /** Personal data left out (null) keeps the current value; an empty bank account removes it. */
    async update(traineeId: string, input: TraineeEdit, confirmed: string[], request: RequestContext) {
      const confirmedWarnings = requireConfirmedWarnings(input.bankAccount ? traineeWarnings({ ...input, bankAccount: input.bankAccount } as TraineeInput) : [], confirmed);
      const personCategories = await dictionaries.activeCodes('person_category');
      // A given ID number is protected afresh; the decider refuses it unless it is the same person's.
      const given = {
        idNumber: input.idNumber ? protector.protect('idNumber', input.idNumber) : null,
        phone: input.phone ? protector.protect('phone', input.phone) : null,
        // null keeps the account, '' removes it.
        bankAccount: input.bankAccount ? protector.protect('bankCard', input.bankAccount) : input.bankAccount === '' ? ('remove' as const) : null,
      };
      // Built from the state on every attempt: what the edit leaves out is kept as it is then.
      const command = (state: TraineeState): TraineeCommand => {
        if (state.status !== 'registered') throw new NotFoundError('学员不存在');
        // An open change request is what this institution edits further; otherwise the details in force.
        const current = state.proposal?.person ?? state.person;
        const person: TraineePerson = {
          ...current,
          name: input.name,
          personCategory: input.personCategory,
          idNumber: given.idNumber ?? current.idNumber,
          phone: given.phone ?? current.phone,
          bankAccount: given.bankAccount === null ? current.bankAccount : given.bankAccount === 'remove' ? null : given.bankAccount,
        };
        return { type: 'UpdateTrainee', person, personCategories, confirmedWarnings };
      };
      return handleCommand(store, traineeDecider, traineeStreamId(traineeId), command, request);
    },
  };
}

export type TraineeCommands = ReturnType<typeof traineeCommands>;
