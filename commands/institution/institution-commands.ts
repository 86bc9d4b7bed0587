import { institutionDecider, institutionStreams, type AnnualReviewOutcome, type InstitutionCommand, type InstitutionState } from '../../domain/institution/institution';
import { institutionWarnings, type InstitutionDetails, type InstitutionEdit, type InstitutionInput } from '../../domain/institution/institution-details';
import { ValidationError } from '../../domain/shared/errors';
import { requireConfirmedWarnings } from '../../domain/personal-data/confirmable-warning';
import type { EventStore } from '../../store/event-store/event-store';
import type { PersonalDataProtector } from '../personal-data/protected-field';
import { handleCommand } from '../pipeline/handle-command';
import { noSubmission, type SubmissionFor } from '../review/submission';
import { withSubmission } from '../../domain/review/review';
import type { RequestContext } from '../pipeline/request-context';
import { reviewableModule, type ReviewableModule } from '../review/review-commands';
import type { ReviewPolicy } from '../../domain/review/review';

export const INSTITUTION_MODULE = institutionStreams.module;
export const institutionStreamId = institutionStreams.streamId;

export const institutionReviewable = (policy?: ReviewPolicy): ReviewableModule =>
  reviewableModule({ module: INSTITUTION_MODULE, label: '培训机构', decider: institutionDecider, ...(policy ? { policy } : {}) });

/** The record as events carry it: the legal person's ID number, the phone and the bank account encrypted. */
export function protectInstitution(input: InstitutionInput, protector: PersonalDataProtector): InstitutionDetails {
  return {
    ...input,
    legalPersonIdNumber: protector.protect('idNumber', input.legalPersonIdNumber),
    phone: protector.protect('phone', input.phone),
    bankAccount: protector.protect('bankCard', input.bankAccount),
  };
}

export function institutionCommands(store: EventStore, protector: PersonalDataProtector, submissionFor: SubmissionFor = noSubmission) {
  const run = (institutionId: string, command: InstitutionCommand, request: RequestContext) =>
    handleCommand(store, institutionDecider, institutionStreamId(institutionId), command, request, { likelyNew: command.type === 'RegisterInstitution' });
  return {
    /** Registers; with `submit`, submits the registration for review in the same append. */
    async register(institutionId: string, input: InstitutionInput, confirmed: string[], request: RequestContext, options: { submit?: boolean } = {}) {
      const confirmedWarnings = requireConfirmedWarnings(institutionWarnings(input), confirmed);
      const command: InstitutionCommand = { type: 'RegisterInstitution', institutionId, details: protectInstitution(input, protector), confirmedWarnings };
      const decider = options.submit && request.actor.orgId ? withSubmission(institutionDecider, await submissionFor(request.actor.orgId)) : institutionDecider;
      return handleCommand(store, decider, institutionStreamId(institutionId), command, request, { likelyNew: true });
    },
    /** Personal data left out (null) keeps the record's current values. */
    async edit(institutionId: string, input: InstitutionEdit, confirmed: string[], request: RequestContext) {
      const confirmedWarnings = requireConfirmedWarnings(institutionWarnings(input), confirmed);
      const given = {
        legalPersonIdNumber: input.legalPersonIdNumber === null ? null : protector.protect('idNumber', input.legalPersonIdNumber),
        phone: input.phone === null ? null : protector.protect('phone', input.phone),
        bankAccount: input.bankAccount === null ? null : protector.protect('bankCard', input.bankAccount),
      };
      // Built from the state on every attempt: a value left out is the record's value at that moment.
      const command = (state: InstitutionState): InstitutionCommand => {
        const current = state.status === 'registered' ? (state.pending ?? state.effective) : null;
        const keep = <K extends keyof typeof given>(field: K) => {
          const value = given[field];
          if (value) return value;
          if (!current) throw new ValidationError([{ field, message: '请填写此项' }]);
          return current[field];
        };
        const details: InstitutionDetails = { ...input, legalPersonIdNumber: keep('legalPersonIdNumber'), phone: keep('phone'), bankAccount: keep('bankAccount') };
        return { type: 'EditInstitution', details, confirmedWarnings };
      };
      return handleCommand(store, institutionDecider, institutionStreamId(institutionId), command, request);
    },
    checkLicence: (institutionId: string, request: RequestContext) => run(institutionId, { type: 'CheckLicence' }, request),
    recordAnnualReview: (institutionId: string, year: number, outcome: AnnualReviewOutcome, opinion: string, request: RequestContext) =>
      run(institutionId, { type: 'RecordAnnualReview', year, outcome, opinion }, request),
    revoke: (institutionId: string, reason: string, request: RequestContext) => run(institutionId, { type: 'RevokeInstitution', reason }, request),
  };
}

export type InstitutionCommands = ReturnType<typeof institutionCommands>;
