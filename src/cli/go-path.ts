/**
 * Path helpers with the semantics Vault's CLI gets from Go: path.Clean / path.Join (slash paths,
 * "." and ".." resolved, trailing slash dropped) and Vault's sanitizePath family
 * ([V] command/base_helpers.go).
 */

/** Go's path.Clean. */
export function pathClean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** Go's path.Join: the non-empty elements joined by "/" and cleaned; "" when all are empty. */
export function pathJoin(...elems: string[]): string {
  const parts = elems.filter((e) => e !== '');
  return parts.length === 0 ? '' : pathClean(parts.join('/'));
}

/** ensureNoLeadingSlash. */
export function ensureNoLeadingSlash(s: string): string {
  return s.trim().replace(/^\/+/, '');
}

/** ensureNoTrailingSlash. */
export function ensureNoTrailingSlash(s: string): string {
  return s.trim().replace(/\/+$/, '');
}

/** ensureTrailingSlash: "" stays "". */
export function ensureTrailingSlash(s: string): string {
  const t = s.trim();
  if (t === '') return '';
  return t.endsWith('/') ? t : `${t}/`;
}

/** sanitizePath: no leading or trailing slashes, surrounding space trimmed. */
export function sanitizePath(s: string): string {
  return ensureNoTrailingSlash(ensureNoLeadingSlash(s));
}
