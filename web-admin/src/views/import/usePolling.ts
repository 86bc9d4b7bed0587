// Asks the server again every `intervalMs` while `active()` holds, one request at a time, and
// stops when it no longer holds or when the component goes away (or is deactivated, until it is
// activated again). Polling counts as activity on the server and would keep an unattended session
// alive past its idle timeout: it also stops when what it watches (`signature()`) has not changed
// for `stallMs`, and says so through `stalled`; `resume()` starts it again.
import { getCurrentInstance, onActivated, onBeforeUnmount, onDeactivated, ref, watch } from 'vue';

export interface PollingOptions {
  active: () => boolean;
  /** Changes whenever the server reports progress. */
  signature: () => string;
  fetch: () => Promise<unknown> | undefined;
  intervalMs?: number;
  stallMs?: number;
}

export function usePolling({ active, signature, fetch, intervalMs = 1000, stallMs = 120_000 }: PollingOptions) {
  const stalled = ref(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastSignature = '';
  let lastChange = Date.now();
  let stopped = false;

  const clear = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  function schedule() {
    clear();
    if (stopped || stalled.value || !active()) return;
    timer = setTimeout(async () => {
      timer = undefined;
      try {
        await fetch();
      } catch {
        // The query shows its own error; the next tick tries again.
      }
      const now = signature();
      if (now !== lastSignature) {
        lastSignature = now;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > stallMs) {
        stalled.value = true;
      }
      schedule();
    }, intervalMs);
  }

  watch(
    active,
    (running) => {
      if (!running) clear();
      else if (timer === undefined) schedule();
    },
    { immediate: true },
  );

  function stop() {
    stopped = true;
    clear();
  }
  if (getCurrentInstance()) {
    onBeforeUnmount(stop);
    onDeactivated(stop);
    onActivated(() => {
      stopped = false;
      schedule();
    });
  }

  return {
    stalled,
    resume() {
      stopped = false;
      stalled.value = false;
      lastChange = Date.now();
      schedule();
    },
  };
}
