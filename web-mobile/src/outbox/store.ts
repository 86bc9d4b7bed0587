// The outbox's storage: one IndexedDB object store (idb-keyval) keyed by the device capture id, so
// a capture taken offline survives a closed tab, a reload and a restarted phone. The photo is kept
// as a Blob until the server acknowledges it, then dropped; the entry stays for the result.
import { createStore, del, get, set, values } from 'idb-keyval';

export type CaptureKind = 'check_in' | 'check_out' | 'random';
export type PersonKind = 'trainee' | 'teacher';

export interface OutboxItem {
  deviceCaptureId: string;
  deviceId: string;
  classId: string;
  className: string;
  sessionId: string;
  kind: CaptureKind;
  personKind: PersonKind;
  personId: string;
  personName: string;
  /** When the photo was taken (ISO 8601, UTC). */
  deviceTime: string;
  latitude: number | null;
  longitude: number | null;
  accuracyMeters: number | null;
  /** The JPEG; null once the server has it. */
  photo: Blob | null;
  state: 'waiting' | 'acknowledged' | 'refused';
  attempts: number;
  lastAttemptAt: number | null;
  /** The last failure (waiting) or the refusal (refused), in Chinese. */
  message: string | null;
  /** The server's capture id, once acknowledged. */
  captureId: string | null;
}

const store = createStore('gz-capture', 'outbox');

export const saveItem = (item: OutboxItem) => set(item.deviceCaptureId, item, store);
export const loadItem = (id: string) => get<OutboxItem>(id, store);
export const removeItem = (id: string) => del(id, store);
export const loadItems = async (): Promise<OutboxItem[]> => ((await values<OutboxItem>(store)) ?? []).sort((a, b) => a.deviceTime.localeCompare(b.deviceTime));
