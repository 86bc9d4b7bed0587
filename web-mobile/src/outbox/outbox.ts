// The outbox: every capture is saved on the phone first and sent from here, so one taken without a
// connection is sent when the phone is back online (on the `online` event, every 30 seconds while
// something waits, on start-up and on demand). It is retried until the server acknowledges it or
// refuses it for good; the page shows what is still waiting.
import { computed, ref } from 'vue';
import { sessionEnded } from '../session/session';
import { isDue, uuidV4, verdictFor } from './retry';
import { loadItems, removeItem, saveItem, type OutboxItem } from './store';
import { uploadCapture } from './upload';

export type { OutboxItem } from './store';

const DEVICE_KEY = 'gz-capture-device-id';
const TICK_MS = 30_000;
const ONLINE_SETTLE_MS = 1_500;

const items = ref<OutboxItem[]>([]);
const sending = ref(false);
let started = false;

const random = (bytes: Uint8Array) => crypto.getRandomValues(bytes);

/** This browser's device id, made once and kept (it names the device on every capture). */
export function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    id = `web-${uuidV4(random)}`;
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

export const newCaptureId = () => uuidV4(random);

async function reload() {
  items.value = await loadItems();
}

/** Sends every waiting capture that is due (or all of them when `force`), one at a time. */
let again = false;

export async function flush(force = false): Promise<void> {
  // Asked while sending (the connection came back meanwhile): one more round when this one ends.
  if (sending.value) {
    again ||= force;
    return;
  }
  sending.value = true;
  try {
    await reload();
    for (const item of items.value.filter((i) => i.state === 'waiting' && (force || isDue(i, Date.now())))) {
      const answer = await uploadCapture(item);
      const verdict = verdictFor(answer.status);
      const next: OutboxItem = { ...item, attempts: item.attempts + 1, lastAttemptAt: Date.now(), message: answer.message };
      if (verdict === 'acknowledged') Object.assign(next, { state: 'acknowledged', captureId: answer.captureId, photo: null, message: null });
      if (verdict === 'refused') Object.assign(next, { state: 'refused', photo: null });
      await saveItem(next);
      if (verdict === 'session') {
        await reload();
        sessionEnded();
        return;
      }
      // Offline: the rest would fail the same way; they go with the next try.
      if (answer.status === null) break;
    }
    await reload();
  } finally {
    sending.value = false;
  }
  if (again) {
    again = false;
    await flush(true);
  }
}

/** Saves a new capture and tries to send it at once; resolves with it as saved (not waiting for the network). */
export async function enqueue(capture: Omit<OutboxItem, 'state' | 'attempts' | 'lastAttemptAt' | 'message' | 'captureId'>): Promise<OutboxItem> {
  const item: OutboxItem = { ...capture, state: 'waiting', attempts: 0, lastAttemptAt: null, message: null, captureId: null };
  await saveItem(item);
  await reload();
  void flush(true);
  return item;
}

export async function discard(id: string): Promise<void> {
  await removeItem(id);
  await reload();
}

export function startOutbox(): void {
  if (started) return;
  started = true;
  // The browser says "online" as the link comes up, a moment before requests go through.
  window.addEventListener('online', () => setTimeout(() => void flush(true), ONLINE_SETTLE_MS));
  setInterval(() => {
    if (items.value.some((i) => i.state === 'waiting')) void flush();
  }, TICK_MS);
  void prune().then(() => flush(true));
}

/** Acknowledged captures are kept a day for their results, then forgotten (the server has them). */
async function prune(): Promise<void> {
  const day = Date.now() - 86_400_000;
  for (const item of await loadItems()) if (item.state === 'acknowledged' && Date.parse(item.deviceTime) < day) await removeItem(item.deviceCaptureId);
}

export function useOutbox() {
  const waiting = computed(() => items.value.filter((i) => i.state === 'waiting').length);
  const find = (id: string) => items.value.find((i) => i.deviceCaptureId === id);
  return { items, sending, waiting, find, flush, discard, reload };
}
