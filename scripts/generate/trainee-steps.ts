// A trainee's story as a list of steps (who does what, under which command key), and two ways to
// carry it out:
//
// - `pipeline`: each step is the platform's own command (trainees.enter, reviews.submit /
//   approve / return / reject), as the API runs it: load the stream, decide, append.
// - `events`: the same commands are decided in memory by the same decider, wrapped by the same
//   envelope function (same event ids, derived from the same command ids; same metadata), and the
//   person's whole story is appended in ONE appendToStream call, hash-chained by the real store
//   and projected by the real projection runner. It skips only the pipeline's per-command round
//   trips (reading the stream back before each command, resolving the reviewing authorities per
//   submission), which is what limits a million-person load on two cores. Used by the benchmark
//   to build its data set; the figures say which path made them.
import type { Platform } from '../../api/platform';
import { WrongExpectedRevisionError, type NewEvent } from '../../store/event-store/event-store';
import type { CommandResult } from '../../commands/pipeline/handle-command';
import { toNewEvent } from '../../commands/pipeline/handle-command';
import type { RequestContext } from '../../commands/pipeline/request-context';
import { traineeStreamId } from '../../commands/trainee/trainee-commands';
import { requireConfirmedWarnings } from '../../domain/personal-data/confirmable-warning';
import type { ReviewAuthorities } from '../../domain/review/review';
import type { Actor } from '../../domain/shared/decider';
import { traineeDecider, type TraineeCommand, type TraineeEvent, type TraineeState } from '../../domain/trainee/trainee';
import { idNumberFacts, traineeWarnings, type TraineeInput, type TraineePerson } from '../../domain/trainee/trainee-input';
import { institutionsTable } from '../../projections/institution/institutions-table';
import { organizationDirectory } from '../../projections/organization/organizations-table';

export type TraineeMode = 'pipeline' | 'events';

export type TraineeStep =
  | { key: string; actor: Actor; action: 'enter'; institutionId: string }
  | { key: string; actor: Actor; action: 'submit' }
  | { key: string; actor: Actor; action: 'approve' | 'return' | 'reject'; text: string };

export interface StepOutcome {
  commands: number;
  /** Events appended now (0 for work found already done). */
  events: number;
  lastPosition: bigint | null;
}

type RequestFor = (actor: Actor, key: string) => RequestContext;

/** Runs the steps as the platform's commands, in order. */
export function pipelineTraineeWriter(platform: Platform, requestFor: RequestFor) {
  const { trainees, reviews } = platform.commands;
  return async (input: TraineeInput, steps: readonly TraineeStep[]): Promise<StepOutcome> => {
    let stream = '';
    const outcome: StepOutcome = { commands: 0, events: 0, lastPosition: null };
    for (const step of steps) {
      const request = requestFor(step.actor, step.key);
      let result: CommandResult<unknown>;
      if (step.action === 'enter') result = await trainees.enter(step.institutionId, input, [], request);
      else if (step.action === 'submit') result = await reviews.submit(stream, '', request);
      else if (step.action === 'approve') result = await reviews.approve(stream, step.text, [], request);
      else if (step.action === 'return') result = await reviews.return(stream, step.text, [], request);
      else result = await reviews.reject(stream, step.text, [], request);
      stream = result.streamId;
      outcome.commands++;
      if (!result.repeated) outcome.events += result.events.length;
      if (result.position !== null) outcome.lastPosition = result.position;
    }
    return outcome;
  };
}

/**
 * Decides the steps in memory with the trainee decider and appends the story in one call. Needs
 * the institutions and the organisation tree projected (as the pipeline does).
 */
export function eventsTraineeWriter(platform: Platform, requestFor: RequestFor) {
  const pipeline = pipelineTraineeWriter(platform, requestFor);
  const directory = organizationDirectory(platform.knex);
  const authorities = new Map<string, Promise<ReviewAuthorities>>();
  const authoritiesOf = (orgId: string) => {
    let found = authorities.get(orgId);
    if (!found) authorities.set(orgId, (found = directory.reviewAuthoritiesFor(orgId)));
    return found;
  };
  const lifecycles = new Map<string, Promise<boolean>>();
  const canOperate = (institutionId: string) => {
    let found = lifecycles.get(institutionId);
    if (!found) lifecycles.set(institutionId, (found = institutionsTable(platform.knex).where({ id: institutionId }).first('lifecycle').then((r) => r?.lifecycle === 'active')));
    return found;
  };
  // The same protection as commands/trainee/trainee-commands.ts applies before its decider runs.
  const protect = (input: TraineeInput): TraineePerson => ({
    name: input.name,
    idNumber: platform.personalData.protect('idNumber', input.idNumber),
    ...idNumberFacts(input.idNumber),
    personCategory: input.personCategory,
    phone: platform.personalData.protect('phone', input.phone),
    bankAccount: input.bankAccount ? platform.personalData.protect('bankCard', input.bankAccount) : null,
  });

  return async (input: TraineeInput, steps: readonly TraineeStep[]): Promise<StepOutcome> => {
    const confirmedWarnings = requireConfirmedWarnings(traineeWarnings(input), []);
    const traineeId = await platform.commands.trainees.personIdFor(input.idNumber);
    const streamId = traineeStreamId(traineeId);
    const person = protect(input);
    const personCategories = await platform.commands.dictionaries.activeCodes('person_category');
    let state: TraineeState = traineeDecider.initialState();
    const events: NewEvent[] = [];
    for (const step of steps) {
      const request = requestFor(step.actor, step.key);
      let command: TraineeCommand;
      if (step.action === 'enter') {
        command = { type: 'EnterTrainee', traineeId, person, institution: { institutionId: step.institutionId, canOperate: await canOperate(step.institutionId) }, personCategories, confirmedWarnings };
      } else if (step.action === 'submit') {
        command = { type: 'SubmitForReview', authorities: step.actor.orgId ? await authoritiesOf(step.actor.orgId) : {}, note: '' };
      } else if (step.action === 'approve') {
        command = { type: 'ApproveReview', opinion: step.text, attachments: [] };
      } else if (step.action === 'return') {
        command = { type: 'ReturnReview', reason: step.text, attachments: [] };
      } else {
        command = { type: 'RejectReview', reason: step.text, attachments: [] };
      }
      const now = new Date().toISOString();
      const decided: TraineeEvent[] = traineeDecider.decide(command, state, { actor: request.actor, now });
      events.push(...decided.map((event, index) => toNewEvent(event, index, streamId, request, now)));
      state = decided.reduce(traineeDecider.evolve, state);
    }
    try {
      const appended = await platform.store.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
      return { commands: steps.length, events: events.length, lastPosition: appended.lastPosition };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      // The person exists already (an earlier, interrupted run; or another plan's person): the
      // pipeline carries out whatever of the story is missing, each command once.
      return pipeline(input, steps);
    }
  };
}
