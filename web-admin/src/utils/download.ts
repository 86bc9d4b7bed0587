// A file from the server (an export), fetched with the session cookie and saved through a blob
// link. An error answer (JSON with `errors`, or any non-2xx) is recognised and thrown as a
// ConsoleError instead of being saved as the file.
import type { ConsoleError } from '@/api/errors';

/**
 * The file name the server gave. Its header carries two (RFC 6266): `filename="…"`, an ASCII
 * fallback for old clients in which every Chinese character is `_`, and `filename*=UTF-8''…`, the
 * real name percent-encoded. The encoded one wins whichever comes first; the fallback only when it
 * is missing or cannot be decoded.
 */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const encoded = /filename\*\s*=\s*UTF-8'[^']*'([^;]+)/i.exec(disposition)?.[1]?.trim();
  if (encoded) {
    try {
      return decodeURIComponent(encoded.replace(/^"|"$/g, ''));
    } catch {
      // A malformed encoding: fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition)?.[1]?.trim();
  return plain || fallback;
}

export async function downloadFile(url: string, fallbackName: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch {
    throw { code: 'NETWORK', message: '无法连接服务器，请检查网络后重试', fields: [] } satisfies ConsoleError;
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { errors?: { message?: string; extensions?: { code?: string } }[] };
    const first = body.errors?.[0];
    throw { code: first?.extensions?.code ?? (response.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL_SERVER_ERROR'), message: first?.message ?? `下载失败（HTTP ${response.status}）`, fields: [] } satisfies ConsoleError;
  }
  const blob = await response.blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileNameOf(response.headers.get('content-disposition'), fallbackName);
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
