// One capture of one person: camera and location, the still to confirm, then into the outbox (sent
// at once when online) and the match result followed until it is known.
import { computed, onBeforeUnmount, onMounted, ref, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useCamera } from '@/capture/camera';
import { useLocation } from '@/capture/location';
import { useCaptureResult } from '@/capture/result';
import { deviceId, enqueue, newCaptureId, useOutbox } from '@/outbox/outbox';
import type { CaptureKind, PersonKind } from '@/outbox/store';
import { KIND_LABELS } from '../roster/people';

const text = (value: unknown) => (typeof value === 'string' ? value : '');

export function useCapture() {
  const route = useRoute();
  const router = useRouter();
  const target = {
    classId: text(route.query.classId),
    sessionId: text(route.query.sessionId),
    kind: (['check_in', 'check_out', 'random'].includes(text(route.query.kind)) ? text(route.query.kind) : 'check_in') as CaptureKind,
    personKind: (text(route.query.personKind) === 'teacher' ? 'teacher' : 'trainee') as PersonKind,
    personId: text(route.query.personId),
    name: text(route.query.name),
  };
  const title = `${KIND_LABELS[target.kind]}：${target.name}`;
  const video = ref<HTMLVideoElement | null>(null);
  const camera = useCamera(video);
  const location = useLocation();
  const result = useCaptureResult();
  const outbox = useOutbox();

  const photo = ref<Blob | null>(null);
  const takenAt = ref<string | null>(null);
  const preview = ref<string | null>(null);
  const itemId = ref<string | null>(null);
  const saving = ref(false);
  const item = computed(() => (itemId.value ? outbox.find(itemId.value) : undefined));

  onMounted(() => {
    void camera.start();
    void location.locate();
  });
  onBeforeUnmount(() => {
    if (preview.value) URL.revokeObjectURL(preview.value);
    result.cancel();
  });

  // Once the server has the capture, follow its match.
  watch(
    () => item.value?.captureId,
    (captureId) => {
      if (captureId) void result.follow(captureId);
    },
  );

  async function shoot() {
    const blob = await camera.still();
    if (!blob) return;
    takenAt.value = new Date().toISOString();
    photo.value = blob;
    preview.value = URL.createObjectURL(blob);
    camera.stop();
  }

  function retake() {
    if (preview.value) URL.revokeObjectURL(preview.value);
    preview.value = null;
    photo.value = null;
    takenAt.value = null;
    void camera.start();
  }

  async function send() {
    if (!photo.value || !takenAt.value) return;
    saving.value = true;
    try {
      const fix = location.fix.value ?? (await location.locate());
      const saved = await enqueue({
        deviceCaptureId: newCaptureId(),
        deviceId: deviceId(),
        classId: target.classId,
        className: '',
        sessionId: target.sessionId,
        kind: target.kind,
        personKind: target.personKind,
        personId: target.personId,
        personName: target.name,
        deviceTime: takenAt.value,
        latitude: fix?.latitude ?? null,
        longitude: fix?.longitude ?? null,
        accuracyMeters: fix?.accuracyMeters ?? null,
        photo: photo.value,
      });
      itemId.value = saved.deviceCaptureId;
    } finally {
      saving.value = false;
    }
  }

  const back = () => router.push({ name: 'Roster', params: { classId: target.classId, sessionId: target.sessionId }, query: { kind: target.kind } });

  return { target, title, video, camera, location, photo, preview, saving, item, result: result.capture, polling: result.polling, shoot, retake, send, back };
}
