// One upload of one capture: POST /captures as multipart/form-data (the fields of the server's
// captureUploadSchema and the photo as `photo`), with the session cookie and the CSRF header like
// every other request. The device capture id makes it idempotent: the same capture sent again is
// answered 200 `repeated` and recorded once.
import { CSRF_HEADER, csrfToken } from '@admin/api/csrf';
import { rememberWrite } from '@admin/api/read-after';
import type { OutboxItem } from './store';

export interface UploadAnswer {
  status: number | null;
  captureId: string | null;
  message: string | null;
}

interface Body {
  data?: { captureId?: string; position?: string | null };
  errors?: { message?: string; extensions?: { code?: string } }[];
}

export async function uploadCapture(item: OutboxItem): Promise<UploadAnswer> {
  if (!item.photo) return { status: null, captureId: null, message: '照片已不在本机' };
  const form = new FormData();
  const fields: Record<string, string> = {
    deviceCaptureId: item.deviceCaptureId,
    deviceId: item.deviceId,
    classId: item.classId,
    sessionId: item.sessionId,
    kind: item.kind,
    personKind: item.personKind,
    personId: item.personId,
    deviceTime: item.deviceTime,
    commandId: item.deviceCaptureId,
  };
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (item.latitude !== null && item.longitude !== null) {
    form.append('latitude', String(item.latitude));
    form.append('longitude', String(item.longitude));
    if (item.accuracyMeters !== null) form.append('accuracyMeters', String(Math.round(item.accuracyMeters)));
  }
  form.append('photo', item.photo, `${item.deviceCaptureId}.jpg`);
  const token = csrfToken();
  let response: Response;
  try {
    response = await fetch('/captures', { method: 'POST', credentials: 'same-origin', headers: token ? { [CSRF_HEADER]: token } : {}, body: form });
  } catch {
    return { status: null, captureId: null, message: '网络不可用，联网后自动上传' };
  }
  const body = (await response.json().catch(() => ({}))) as Body;
  if (response.ok) {
    rememberWrite({ position: body.data?.position ?? null });
    return { status: response.status, captureId: body.data?.captureId ?? null, message: null };
  }
  const message = body.errors?.[0]?.message ?? `上传失败（HTTP ${response.status}）`;
  return { status: response.status, captureId: null, message };
}
