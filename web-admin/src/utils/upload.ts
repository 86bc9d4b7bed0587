// POST /files (multipart, one part named "file"): the API streams the upload into its blob store
// and answers the file's id, which a record then refers to. Sent with the session cookie and the
// CSRF header; an error answer comes back as a ConsoleError in the server's words.
import { CSRF_HEADER, csrfToken } from '@/api/csrf';
import type { ConsoleError } from '@/api/errors';

export type UploadPurpose = 'document' | 'import' | 'notice' | 'reference-face' | 'diploma-photo';

export interface UploadedFile {
  fileId: string;
  name: string;
  size: number;
  contentType: string;
}

export async function uploadFile(file: File, purpose: UploadPurpose): Promise<UploadedFile> {
  const body = new FormData();
  body.append('file', file, file.name);
  const token = csrfToken();
  let response: Response;
  try {
    response = await fetch(`/files?purpose=${purpose}`, { method: 'POST', credentials: 'same-origin', headers: token ? { [CSRF_HEADER]: token } : {}, body });
  } catch {
    throw { code: 'NETWORK', message: '无法连接服务器，请检查网络后重试', fields: [] } satisfies ConsoleError;
  }
  const parsed = (await response.json().catch(() => ({}))) as Partial<UploadedFile> & { errors?: { message?: string; extensions?: { code?: string } }[] };
  if (!response.ok || !parsed.fileId) {
    const first = parsed.errors?.[0];
    throw { code: first?.extensions?.code ?? 'INTERNAL_SERVER_ERROR', message: first?.message ?? `上传失败（HTTP ${response.status}）`, fields: [] } satisfies ConsoleError;
  }
  return parsed as UploadedFile;
}
