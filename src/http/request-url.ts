/**
 * A request target's path and query as `new URL(target, 'http://localhost')` gives them, without
 * building a URL for the common target: an absolute path of characters the WHATWG URL parser keeps
 * as they are (unreserved, sub-delims, `:`, `@`, `/`, and complete `%XX` escapes), not starting with
 * `//` (which the parser reads as a host), without `.`/`..` segments (which it resolves, escaped or
 * not), and a query of printable ASCII without a fragment. Anything else goes through URL itself.
 */
const PLAIN_PATH = /^\/(?!\/)(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$/;
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;
/** What URL strips, cuts or re-encodes in a query: a fragment, controls, spaces, anything not ASCII. */
const QUERY_SPECIAL = /[^\x21-\x7e]|#/;

export interface RequestTarget {
  pathname: string;
  query: URLSearchParams;
}

export function parseRequestTarget(raw: string): RequestTarget {
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  if (PLAIN_PATH.test(path) && !DOT_SEGMENT.test(path) && (q < 0 || !QUERY_SPECIAL.test(raw.slice(q + 1)))) {
    // The constructor drops one leading `?`, as URL's search does.
    return { pathname: path, query: new URLSearchParams(q < 0 ? '' : raw.slice(q)) };
  }
  const url = new URL(raw, 'http://localhost');
  return { pathname: url.pathname, query: url.searchParams };
}
