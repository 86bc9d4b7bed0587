// The phone's camera through getUserMedia: the rear camera by default (the teacher photographs the
// person), the front one on request (a teacher checking in themself). A still is drawn from the
// video into a canvas and encoded as JPEG, at most 1280 px on its longer side (the server's matcher
// shrinks larger photos anyway; a smaller upload goes through a weak connection).
import { onBeforeUnmount, ref, shallowRef, type Ref } from 'vue';

const MAX_SIDE = 1280;
const JPEG_QUALITY = 0.9;

const CAMERA_ERRORS: Record<string, string> = {
  NotAllowedError: '没有相机权限：请在浏览器设置中允许本网站使用相机',
  NotFoundError: '没有找到可用的相机',
  NotReadableError: '相机被其他应用占用，请关闭后重试',
  OverconstrainedError: '相机不支持所需的拍摄参数',
  SecurityError: '请通过 HTTPS 打开本页面才能使用相机',
};

export function useCamera(video: Ref<HTMLVideoElement | null>) {
  const stream = shallowRef<MediaStream | null>(null);
  const facing = ref<'environment' | 'user'>('environment');
  const error = ref<string | null>(null);
  const starting = ref(false);
  /** The video shows pictures: a still can be taken. */
  const ready = ref(false);

  function stop() {
    stream.value?.getTracks().forEach((t) => t.stop());
    stream.value = null;
    ready.value = false;
  }

  async function start() {
    stop();
    error.value = null;
    if (!navigator.mediaDevices?.getUserMedia) {
      error.value = '此浏览器不能使用相机（需要 HTTPS 与较新的浏览器）';
      return;
    }
    starting.value = true;
    try {
      stream.value = await navigator.mediaDevices.getUserMedia({ audio: false, video: { facingMode: { ideal: facing.value }, width: { ideal: 1280 }, height: { ideal: 960 } } });
      const v = video.value;
      if (v) {
        v.srcObject = stream.value;
        if (v.readyState < HTMLMediaElement.HAVE_METADATA) await new Promise((resolve) => v.addEventListener('loadedmetadata', resolve, { once: true }));
        await v.play().catch(() => undefined);
        ready.value = v.videoWidth > 0;
      }
    } catch (failure) {
      const name = failure instanceof DOMException ? failure.name : '';
      error.value = CAMERA_ERRORS[name] ?? '无法打开相机，请重试';
    } finally {
      starting.value = false;
    }
  }

  async function flip() {
    facing.value = facing.value === 'environment' ? 'user' : 'environment';
    await start();
  }

  /** The current frame as a JPEG; null when the camera has no picture yet. */
  async function still(): Promise<Blob | null> {
    const v = video.value;
    if (!v || !v.videoWidth || !v.videoHeight) return null;
    const scale = Math.min(1, MAX_SIDE / Math.max(v.videoWidth, v.videoHeight));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(v.videoWidth * scale);
    canvas.height = Math.round(v.videoHeight * scale);
    canvas.getContext('2d')?.drawImage(v, 0, 0, canvas.width, canvas.height);
    return new Promise((resolve) => canvas.toBlob((blob) => resolve(blob), 'image/jpeg', JPEG_QUALITY));
  }

  onBeforeUnmount(stop);
  return { stream, facing, error, starting, ready, start, stop, flip, still };
}
