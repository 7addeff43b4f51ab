/**
 * Hash routing (`#/status`, `#/secrets/kv/foo`): the server serves one index.html and needs to know
 * nothing of the UI's paths. A route is the path's segments; a page matches on its first segment.
 */
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  /** The first segment: the page's id (`status`, `secrets`). */
  page: string;
  /** The segments after it, decoded (`['kv', 'foo']`). */
  rest: string[];
}

export function parseRoute(hash: string): Route {
  const segments = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return { page: segments[0] ?? '', rest: segments.slice(1) };
}

/** The href of a page and its segments, each encoded. */
export function href(page: string, ...rest: string[]): string {
  return '#/' + [page, ...rest].map(encodeURIComponent).join('/');
}

export function navigate(page: string, ...rest: string[]): void {
  window.location.hash = href(page, ...rest);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
