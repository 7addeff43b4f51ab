/**
 * A path pattern (an anchored RegExp over the in-mount path) as an OpenAPI path template, the way
 * Vault's framework turns its patterns into `/secret/data/{path}`: a named group becomes `{name}`,
 * an optional trailing slash becomes `/` (a listing), escapes are undone, an optional group is left
 * out. A pattern that cannot be written as a template (bare `.*` and the like) keeps its literal
 * start and ends in `{path}`; one with nothing literal at all has no template.
 */

/** The index just past the group that opens at `start` (a `(`), or -1. */
function groupEnd(src: string, start: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = start; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

export interface PathTemplate {
  /** `data/{path}`, `users/` … */
  template: string;
  /** The `{name}` parameters, in order. */
  params: string[];
}

export function pathTemplate(pattern: RegExp): PathTemplate | undefined {
  let src = pattern.source.replace(/^\^/, '').replace(/\$$/, '');
  const params: string[] = [];
  let out = '';
  let generic = false;
  for (let i = 0; i < src.length && !generic; ) {
    const c = src[i]!;
    if (c === '\\') {
      const next = src[i + 1] ?? '';
      if (/[\w]/.test(next)) generic = true;
      else if (next === '/' && src[i + 2] === '?') {
        out += '/';
        i += 3;
      } else {
        out += next;
        i += 2;
      }
      continue;
    }
    if (c === '(') {
      const end = groupEnd(src, i);
      if (end < 0) {
        generic = true;
        continue;
      }
      const optional = src[end] === '?';
      const named = /^\(\?<(\w+)>/.exec(src.slice(i));
      if (optional) {
        i = end + 1;
      } else if (named) {
        out += `{${named[1]}}`;
        params.push(named[1]!);
        i = end;
      } else if (src.startsWith('(?:', i)) {
        src = src.slice(0, i) + src.slice(i + 3, end - 1) + src.slice(end);
      } else generic = true;
      continue;
    }
    if (c === '/' && src[i + 1] === '?') {
      out += '/';
      i += 2;
      continue;
    }
    if ('.*+?[]|{}'.includes(c)) {
      generic = true;
      continue;
    }
    out += c;
    i++;
  }
  if (generic) {
    if (out === '' || !out.endsWith('/')) return out === '' ? undefined : { template: `${out}/{path}`.replace('//', '/'), params: [...params, 'path'] };
    return { template: `${out}{path}`, params: [...params, 'path'] };
  }
  return { template: out, params };
}
