/**
 * The seller's bearer token. It arrives pasted (from `npm run token`) or in the address's
 * fragment (`#token=…`, which `npm run demo` prints): a fragment never reaches a server or its
 * logs. It is kept in this browser's localStorage until the seller signs out.
 */
const KEY = 'sutra.token';

/** Takes a token from the address's fragment, if any, and removes it from the address bar. */
export function adoptTokenFromUrl(): void {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const token = params.get('token');
  if (!token) return;
  saveToken(token);
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
}

export const readToken = (): string | null => window.localStorage.getItem(KEY);

export const saveToken = (token: string): void => window.localStorage.setItem(KEY, token.trim());

export const forgetToken = (): void => window.localStorage.removeItem(KEY);

/** The JWT's subject and expiry, read without verifying (the server verifies); null when it is not a JWT. */
export function tokenClaims(token: string): { sub?: string; exp?: number } | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    return JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: string; exp?: number };
  } catch {
    return null;
  }
}
