// The session itself lives in an httpOnly cookie that no script can read. The console keeps no
// token and no password: it only echoes the CSRF token, read from the readable `gz_csrf` cookie
// the server sets beside the session, on every state-carrying request.
export const CSRF_COOKIE = 'gz_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function csrfToken(): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

export const hasSessionCookie = () => csrfToken() !== undefined;
