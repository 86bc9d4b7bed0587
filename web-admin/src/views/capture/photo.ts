// 查看抓拍照片: GET /captures/{id}/photo?reason=…[&signalId=…]. The server records the view (who,
// why, for which signal) before it sends the photo, so the console asks the reason first and
// fetches the photo once; the picture is shown from a blob URL the caller revokes when it closes.
import type { ConsoleError } from '@/api/errors';

export interface OpenedPhoto {
  url: string;
  sm3: string | null;
  size: number;
}

export async function openCapturePhoto(captureId: string, reason: string, signalId?: string | null): Promise<OpenedPhoto> {
  const query = new URLSearchParams({ reason, ...(signalId ? { signalId } : {}) });
  let response: Response;
  try {
    response = await fetch(`/captures/${encodeURIComponent(captureId)}/photo?${query.toString()}`, { credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw { code: 'NETWORK', message: '无法连接服务器，请检查网络后重试', fields: [] } satisfies ConsoleError;
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { errors?: { message?: string; extensions?: { code?: string; fields?: { field: string; message: string }[] } }[] };
    const first = body.errors?.[0];
    throw {
      code: first?.extensions?.code ?? (response.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL_SERVER_ERROR'),
      message: first?.extensions?.fields?.[0]?.message ?? first?.message ?? `照片打开失败（HTTP ${response.status}）`,
      fields: [],
    } as ConsoleError;
  }
  const blob = await response.blob();
  return { url: URL.createObjectURL(blob), sm3: response.headers.get('x-photo-sm3'), size: blob.size };
}
