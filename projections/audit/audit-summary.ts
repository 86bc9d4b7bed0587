// What the audit log's `summary` column says in words. The column keeps what the event carried
// (an opinion, a reason, a note, a user name: audit_log.summaryOf), so it stays a plain copy of
// the facts and needs no rebuild when a word changes; some events carry a code there instead of
// text (`wrong_password`, `changed`, `licence_expired`), and those are named here, from the label
// tables of their domains, when the log or a timeline is read.
import { IDENTITY_REASON_LABELS } from '../../domain/identity/labels';
import { INSTITUTION_REASON_LABELS } from '../../domain/institution/labels';

/** Event type -> (code -> Chinese) for the events whose reason is a code. */
const CODED_REASONS: Readonly<Record<string, Readonly<Record<string, string>>>> = { ...IDENTITY_REASON_LABELS, ...INSTITUTION_REASON_LABELS };

/** Events whose summary, when not a coded reason, is the user name they carry (summaryOf's last choice). */
const USERNAME_SUMMARIES = new Set(['UserCreated', 'LoginFailedForUnknownUser']);

/** The summary as a person reads it: a coded reason in Chinese, a user name said to be one, free text as written. */
export function summaryText(type: string, summary: string): string {
  const coded = CODED_REASONS[type]?.[summary];
  if (coded) return coded;
  return summary && USERNAME_SUMMARIES.has(type) ? `用户名：${summary}` : summary;
}

/** Event types whose reason is a code (the label test checks each code written has its words). */
export const codedReasonTypes = (): string[] => Object.keys(CODED_REASONS);
