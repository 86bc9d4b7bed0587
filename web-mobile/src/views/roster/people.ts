// Where each person on a session's roster stands for one kind of capture: still missing, waiting in
// this phone's outbox, being matched, or matched / not matched, from the server's roster and the outbox.
import type { MobileCaptureFieldsFragment, MobileRosterQuery } from '../../graphql/generated';
import type { CaptureKind, OutboxItem } from '../../outbox/store';

export type RosterEntry = MobileRosterQuery['captureRoster'][number];

export type PersonState = 'missing' | 'waiting' | 'matching' | 'matched' | 'not_matched' | 'refused';

export interface PersonRow {
  key: string;
  entry: RosterEntry;
  state: PersonState;
  label: string;
  detail: string | null;
}

export const KIND_LABELS: Record<CaptureKind, string> = { check_in: '签到', check_out: '签退', random: '随机抓拍' };
const MISSING_LABELS: Record<CaptureKind, string> = { check_in: '未签到', check_out: '未签退', random: '未抓拍' };

function latest(entry: RosterEntry, kind: CaptureKind): MobileCaptureFieldsFragment | null {
  if (kind === 'check_in') return entry.checkIn;
  if (kind === 'check_out') return entry.checkOut;
  return entry.randomCaptures.at(-1) ?? null;
}

function fromCapture(capture: MobileCaptureFieldsFragment): Pick<PersonRow, 'state' | 'label' | 'detail'> {
  if (capture.status !== 'accepted') return { state: 'refused', label: capture.statusLabel, detail: capture.refusalMessage };
  const late = capture.timing === 'outside_window' ? capture.timingLabel : null;
  if (!capture.match) return { state: 'matching', label: '比对中', detail: late };
  if (capture.match.matched) return { state: 'matched', label: capture.match.outcomeLabel, detail: late };
  return { state: 'not_matched', label: capture.match.outcomeLabel, detail: capture.match.advice ?? late };
}

export function personRows(roster: readonly RosterEntry[], kind: CaptureKind, outbox: readonly OutboxItem[], classId: string, sessionId: string): PersonRow[] {
  return roster.map((entry) => {
    const key = `${entry.personKind}:${entry.personId}`;
    const local = outbox.filter((i) => i.classId === classId && i.sessionId === sessionId && i.kind === kind && i.personKind === entry.personKind && i.personId === entry.personId);
    const waiting = local.find((i) => i.state === 'waiting');
    if (waiting) return { key, entry, state: 'waiting', label: '待上传', detail: waiting.message };
    const captured = latest(entry, kind);
    if (captured) return { key, entry, ...fromCapture(captured) };
    const refused = local.filter((i) => i.state === 'refused').at(-1);
    if (refused) return { key, entry, state: 'refused', label: '未受理', detail: refused.message };
    const sent = local.find((i) => i.state === 'acknowledged');
    if (sent) return { key, entry, state: 'matching', label: '已上传', detail: null };
    return { key, entry, state: 'missing', label: MISSING_LABELS[kind], detail: entry.hasReferenceFace ? null : '未登记人脸照片' };
  });
}
