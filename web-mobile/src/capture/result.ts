// The result of one capture as the phone shows it: first the outbox (waiting / refused), then the
// server's match, polled until the matcher has recorded it.
import { ref } from 'vue';
import { apolloClient } from '@admin/api/apollo';
import { MobileCaptureDocument, type MobileCaptureFieldsFragment } from '@/graphql/generated';

const POLL_MS = 2_000;
const POLL_LIMIT_MS = 120_000;

export function useCaptureResult() {
  const capture = ref<MobileCaptureFieldsFragment | null>(null);
  const polling = ref(false);
  let cancelled = false;

  async function follow(captureId: string): Promise<void> {
    polling.value = true;
    const until = Date.now() + POLL_LIMIT_MS;
    try {
      while (!cancelled && Date.now() < until) {
        const answer = await apolloClient.query({ query: MobileCaptureDocument, variables: { id: captureId }, fetchPolicy: 'network-only' }).catch(() => null);
        if (answer?.data.capture) capture.value = answer.data.capture;
        if (capture.value?.match || capture.value?.status === 'refused') return;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    } finally {
      polling.value = false;
    }
  }

  return { capture, polling, follow, cancel: () => (cancelled = true) };
}
