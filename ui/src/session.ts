/**
 * The token lives in sessionStorage only (gone when the tab closes; never localStorage, never a
 * cookie), as the issue asks. Listeners hear logins and logouts.
 */
const KEY = 'tsvault.token';

type Listener = (token: string | undefined) => void;
const listeners = new Set<Listener>();

function storage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

export const session = {
  token(): string | undefined {
    return storage()?.getItem(KEY) ?? undefined;
  },
  login(token: string): void {
    storage()?.setItem(KEY, token);
    for (const l of listeners) l(token);
  },
  logout(): void {
    storage()?.removeItem(KEY);
    for (const l of listeners) l(undefined);
  },
  subscribe(l: Listener): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};
