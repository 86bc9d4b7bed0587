// Checks shared by the training class's commands: the record exists, the actor may act on it, it is
// in a status that allows the command, a reason is given.
import type { CommandContext } from '../shared/decider';
import { ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../shared/errors';
import { forbiddenCharacter } from '../shared/validation';
import type { IsoDate } from '../personal-data/normalize';
import type { ClassDetails } from './class-details';
import type { AuthorityStanding, InstitutionStanding } from './commands';
import { TRAINING_CLASS_STATUS_LABELS } from './labels';
import type { ClassStatus, DeclaredClass, DraftClass, ExistingClass, TrainingClassState } from './state';

export const NOT_FOUND = '培训班级不存在';

export function requireClass(state: TrainingClassState): ExistingClass {
  if (state.status === 'none') throw new NotFoundError(NOT_FOUND);
  return state;
}

/** Only the class's institution prepares, runs and reports on it. */
export function requireInstitution(state: ExistingClass, context: CommandContext): void {
  if (context.actor.orgId !== state.institutionId) throw new ForbiddenError('只有开班机构可以办理该班级的业务');
}

export function requireAuthority(authority: AuthorityStanding | undefined, what: string): void {
  if (!authority?.supervises) throw new ForbiddenError(`只有该机构的主管部门可以${what}`);
}

export function requireStatus<S extends ClassStatus>(state: ExistingClass, allowed: readonly S[], what: string): Extract<ExistingClass, { status: S }> {
  if (!(allowed as readonly string[]).includes(state.status)) {
    throw new RuleViolationError(`班级当前为“${TRAINING_CLASS_STATUS_LABELS[state.status]}”状态，不能${what}`, 'training_class.status');
  }
  return state as Extract<ExistingClass, { status: S }>;
}

/** Before opening the institution edits freely, except while the declaration is under review. */
export function requirePreparing(state: ExistingClass, what: string): DraftClass | DeclaredClass {
  const preparing = requireStatus(state, ['draft', 'declared'], `${what}（开班后请申请变更）`);
  if (preparing.review.status === 'pending') throw new RuleViolationError(`开班申报正在审核中，不能${what}；如需修改请先撤回申报`, 'training_class.pending');
  return preparing;
}

/** A reason (退学, 暂停, 取消 ...): required, multi-line text, at most 2000 characters. */
export function requireReason(value: string | undefined, label: string, field = 'reason'): string {
  const refuse = (message: string) => new ValidationError([{ field, message }], message);
  const text = (value ?? '').trim();
  if (!text) throw refuse(`请填写${label}`);
  if (text.length > 2000) throw refuse(`${label}不能超过2000个字`);
  const bad = forbiddenCharacter(text, { multiline: true });
  if (bad) throw refuse(`${label}不能包含${bad}`);
  return text;
}

/**
 * The institution's penalties that stop it opening classes (the ladder on its record, §2 of the
 * issue): a rectification notice (整改函) bars it until a day; a terminated designation (解约)
 * leaves it self-paid classes only. `what`: 开班登记, 申报开班.
 */
export function requireNotBarred(institution: InstitutionStanding, details: Pick<ClassDetails, 'fundingSource'>, today: IsoDate, what: string): void {
  if (institution.barredUntil && today <= institution.barredUntil) {
    throw new RuleViolationError(`本机构被下达整改通知书，${institution.barredUntil}前不得开班，不能${what}`, 'training_class.institution_barred');
  }
  if (institution.designationTerminated && details.fundingSource === 'subsidised') {
    throw new RuleViolationError(`本机构的定点培训资格已被解除，不能${what}补贴性培训班（可开办自费培训班）`, 'training_class.designation_terminated');
  }
}
