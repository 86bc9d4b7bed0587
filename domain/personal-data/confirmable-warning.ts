// Some checks are not certain enough to refuse a value: a few real bank cards fail Luhn, and early
// unified social credit codes exist whose check character does not compute. Such a value is accepted
// only when the user has seen the warning and confirmed it (the console shows a checkbox per code),
// and the confirmation is kept on the event, so an auditor sees that the user was told.
import { z } from 'zod';
import { RuleViolationError } from '../shared/errors';

export interface ConfirmableWarning {
  /** Stable code the client sends back in `confirmedWarnings`, e.g. BANK_CARD_LUHN_FAILED. */
  code: string;
  /** What the user is asked to confirm, in Chinese. */
  message: string;
  /** Dotted input path of the value the warning is about (for the form to mark it). */
  field?: string;
}

/** The input field every command that may raise warnings accepts. */
export const confirmedWarningsSchema = z
  .array(z.string({ error: '确认的提示代码必须是文本' }).trim().min(1).max(64), { error: '确认的提示必须是列表' })
  .max(20, { error: '确认的提示过多' })
  .default([]);

/** Refusal of a command whose warnings were not all confirmed; `warnings` lets the client ask for them. */
export class UnconfirmedWarningsError extends RuleViolationError {
  constructor(readonly warnings: readonly ConfirmableWarning[]) {
    super(`以下内容需要确认后才能提交：${warnings.map((w) => w.message).join('；')}。请核对，确认无误后勾选确认再提交。`, 'warnings.unconfirmed');
    this.name = 'UnconfirmedWarningsError';
  }
}

/** Sets the field a warning is about (value objects do not know where their value sits in the input). */
export const atField = (field: string, warnings: readonly ConfirmableWarning[]): ConfirmableWarning[] =>
  warnings.map((warning) => ({ ...warning, field }));

/**
 * The rule: every warning's code must be among `confirmed`, or the command is refused. Returns the
 * warnings that were confirmed (to record on the event); codes confirmed without a matching warning
 * are ignored, so a client may resend a form unchanged after correcting the value.
 */
export function requireConfirmedWarnings(warnings: readonly ConfirmableWarning[], confirmed: readonly string[] | undefined): ConfirmableWarning[] {
  const accepted = new Set(confirmed ?? []);
  const missing = warnings.filter((warning) => !accepted.has(warning.code));
  if (missing.length > 0) throw new UnconfirmedWarningsError(missing);
  return [...warnings];
}

/** Event data with the confirmed warnings recorded; the key is left out when there were none. */
export function withConfirmedWarnings<Data extends Record<string, unknown>>(
  data: Data,
  confirmed: readonly ConfirmableWarning[],
): Data & { confirmedWarnings?: ConfirmableWarning[] } {
  return confirmed.length === 0 ? data : { ...data, confirmedWarnings: [...confirmed] };
}
