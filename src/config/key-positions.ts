/**
 * Where each key of an HCL or JSON source sits (line:col): a light scan of the text, because
 * neither js-hcl-parser nor JSON.parse reports positions for keys. Only the structure of `{ }` and
 * `[ ]` is followed; values are skipped.
 */
import type { SourceNode } from './hcl.js';

interface Token {
  kind: 'key' | 'punct' | 'other';
  value: string;
  line: number;
  col: number;
}

/** Splits the source into keys/values, punctuation and skipped literals, dropping comments. */
function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let col = 1;
  const advance = (to: number): void => {
    for (; i < to && i < src.length; i++) {
      if (src[i] === '\n') {
        line++;
        col = 1;
      } else col++;
    }
  };
  const word = /[^\s{}[\]=:,"#]+/y;
  const heredoc = /<<-?([A-Za-z_][\w-]*)[^\n]*\n(?:.*\n)*?[ \t]*\1[ \t]*\r?$/my;
  while (i < src.length) {
    const c = src[i]!;
    const start = { line, col };
    if (/\s/.test(c)) advance(i + 1);
    else if (c === '#' || src.startsWith('//', i)) advance(nextIndex(src, '\n', i));
    else if (src.startsWith('/*', i)) advance(nextIndex(src, '*/', i + 2) + 2);
    else if (c === '"') {
      let j = i + 1;
      let depth = 0; // "${…}" may hold quotes in HCL1
      for (; j < src.length && src[j] !== '\n'; j++) {
        if (src[j] === '\\') j++;
        else if (src.startsWith('${', j) || (depth > 0 && src[j] === '{')) depth++;
        else if (depth > 0 && src[j] === '}') depth--;
        else if (depth === 0 && src[j] === '"') break;
      }
      const raw = src.slice(i, j + 1);
      advance(j + 1);
      tokens.push({ kind: 'key', value: unquote(raw), ...start });
    } else if (src.startsWith('<<', i)) {
      heredoc.lastIndex = i; // <<EOT … EOT and <<-EOT … (indented) EOT
      const m = heredoc.exec(src);
      advance(m ? i + m[0].length : nextIndex(src, '\n', i));
      tokens.push({ kind: 'other', value: '', ...start });
    } else if ('{}[]=:,'.includes(c)) {
      advance(i + 1);
      tokens.push({ kind: 'punct', value: c, ...start });
    } else {
      word.lastIndex = i;
      const m = word.exec(src);
      advance(i + (m ? m[0].length : 1));
      tokens.push({ kind: 'key', value: m ? m[0] : c, ...start });
    }
  }
  return tokens;
}

function nextIndex(src: string, needle: string, from: number): number {
  const at = src.indexOf(needle, from);
  return at < 0 ? src.length : at;
}

function unquote(raw: string): string {
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.replace(/^"|"$/g, '');
  }
}

/** Finds every key with its line:col: the structure of `{ }` and `[ ]`, nothing more. */
export function locateKeys(src: string): SourceNode[] {
  const toks = tokenize(src);
  let k = 0;
  const is = (t: Token | undefined, v: string): boolean => t?.kind === 'punct' && t.value === v;
  const body = (close: string | undefined): SourceNode[] => {
    const nodes: SourceNode[] = [];
    while (k < toks.length) {
      const t = toks[k++]!;
      if (close !== undefined && is(t, close)) break;
      if (t.kind !== 'key') continue;
      const node: SourceNode = { key: t.value, labels: [], line: t.line, col: t.col };
      while (toks[k]?.kind === 'key' && !is(toks[k + 1], '=') && !is(toks[k + 1], ':')) {
        node.labels.push(toks[k++]!.value);
      }
      if (is(toks[k], '=') || is(toks[k], ':')) {
        k++;
        value(node);
      } else if (is(toks[k], '{')) {
        k++;
        node.body = body('}');
      }
      nodes.push(node);
    }
    return nodes;
  };
  const value = (node: SourceNode): void => {
    if (is(toks[k], '{')) {
      k++;
      node.body = body('}');
    } else if (is(toks[k], '[')) {
      k++;
      node.items = list();
    } else k++;
  };
  const list = (): (SourceNode[] | undefined)[] => {
    const items: (SourceNode[] | undefined)[] = [];
    while (k < toks.length) {
      const t = toks[k++]!;
      if (is(t, ']')) break;
      if (is(t, ',')) continue;
      if (is(t, '{')) items.push(body('}'));
      else {
        if (is(t, '[')) list();
        items.push(undefined);
      }
    }
    return items;
  };
  if (is(toks[0], '{')) k = 1; // a JSON document
  return body(undefined);
}
