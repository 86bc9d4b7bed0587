// POST /diploma-photos/zip: the school's zip of photos, sent with the session cookie and the CSRF
// header. The server answers one JSON line per entry as it decides it (NDJSON), so the dialog shows
// how far it has got; an answer before the first line (not a zip, too large, no permission) is an
// error in the server's words.
import { CSRF_HEADER, csrfToken } from '@/api/csrf';
import type { ConsoleError } from '@/api/errors';

export type PhotoNamedBy = 'ID_NUMBER' | 'STUDENT_NUMBER';
export interface ZipEntryResult {
  index: number;
  name: string;
  studentId: string | null;
  studentName: string | null;
  ok: boolean;
  message: string | null;
}
type Line = { total: number } | ZipEntryResult | { done: true; accepted: number; refused: number };

export async function uploadPhotoZip(
  file: File,
  options: { namedBy: PhotoNamedBy; submit: boolean },
  progress: (update: { total?: number; entry?: ZipEntryResult }) => void,
): Promise<{ accepted: number; refused: number }> {
  const body = new FormData();
  body.append('file', file, file.name);
  const token = csrfToken();
  const query = new URLSearchParams({ namedBy: options.namedBy, submit: String(options.submit) });
  let response: Response;
  try {
    response = await fetch(`/diploma-photos/zip?${query.toString()}`, { method: 'POST', credentials: 'same-origin', headers: token ? { [CSRF_HEADER]: token } : {}, body });
  } catch {
    throw { code: 'NETWORK', message: '无法连接服务器，请检查网络后重试', fields: [] } satisfies ConsoleError;
  }
  if (!response.ok || !response.body) {
    const parsed = (await response.json().catch(() => ({}))) as { errors?: { message?: string; extensions?: { code?: string } }[] };
    const first = parsed.errors?.[0];
    throw { code: first?.extensions?.code ?? 'INTERNAL_SERVER_ERROR', message: first?.message ?? `上传失败（HTTP ${response.status}）`, fields: [] } satisfies ConsoleError;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffered += value;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const text of lines.filter(Boolean)) {
      const line = JSON.parse(text) as Line;
      if ('done' in line) return { accepted: line.accepted, refused: line.refused };
      if ('total' in line) progress({ total: line.total });
      else progress({ entry: line });
    }
    if (done) break;
  }
  // The stream ended without its last line: the server stopped part-way; what was listed stands.
  throw { code: 'INTERNAL_SERVER_ERROR', message: '处理中断：已列出的照片结果有效，其余未处理，请重新上传未受理的照片', fields: [] } satisfies ConsoleError;
}
