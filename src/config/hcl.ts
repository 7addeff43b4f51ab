/**
 * A thin shim over the HCL v1 library (js-hcl-parser, hashicorp/hcl v1 compiled to JS: the grammar
 * Vault itself parses its config with; hcl-library.ts loads and releases it) and JSON.parse, plus the light scan of the source text in
 * key-positions.ts that finds where each key sits, because neither library reports positions for keys.
 *
 * Both formats come out as one neutral tree: plain data (`data`) and the keys' positions (`nodes`);
 * `blockItems` reads a labelled block (`listener "tcp" { … }`) the same way from either shape.
 */
import { ConfigError } from '../errors.js';
import type { SourcePos } from './types.js';
import { locateKeys } from './key-positions.js';
import { hclParse } from './hcl-library.js';

export { locateKeys };

/** One key found in the source: `key "label" { … }`, `key = …`, or `"key": …` in JSON. */
export interface SourceNode {
  key: string;
  labels: string[];
  line: number;
  col: number;
  /** The keys inside `{ … }` (a block or an object value). */
  body?: SourceNode[];
  /** The elements of a `[ … ]` value; objects give their keys, other values `undefined`. */
  items?: (SourceNode[] | undefined)[];
}

export interface ParsedSource {
  file: string;
  data: Record<string, unknown>;
  nodes: SourceNode[];
}

/** One labelled block, whatever the format: `listener "tcp" { … }` or `{"listener":{"tcp":{…}}}`. */
export interface BlockItem {
  label: string | undefined;
  body: Record<string, unknown>;
  pos: SourcePos;
  nodes: SourceNode[];
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses one config file's text. `.json` files use JSON.parse, everything else HCL v1. */
export async function parseConfigSource(text: string, file: string): Promise<ParsedSource> {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const data = file.toLowerCase().endsWith('.json') ? parseJson(source, file) : await parseHcl(source, file);
  if (!isPlainObject(data)) {
    throw new ConfigError('CONFIG_PARSE', "file doesn't contain a root object", { file, line: 1, col: 1 });
  }
  return { file, data, nodes: locateKeys(source) };
}

async function parseHcl(source: string, file: string): Promise<unknown> {
  let out: string;
  try {
    out = hclParse(source);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ConfigError('CONFIG_PARSE', `cannot load the HCL parser: ${reason}`, { file, line: 1, col: 1 }, { cause: err });
  }
  if (out.trimStart().startsWith('{')) return JSON.parse(out) as unknown;
  // The library returns its error as a string: "unable to parse JSON: At 3:2: <message>".
  const body = out.replace(/^unable to (?:parse|print) JSON:\s*/, '');
  const at = /^At (\d+):(\d+):\s*([\s\S]*)$/.exec(body);
  if (at) {
    const pos = clampPos(source, Number(at[1]), Number(at[2]));
    throw new ConfigError('CONFIG_PARSE', at[3]!.trim(), { file, ...pos });
  }
  // No position (e.g. `strconv.ParseInt: parsing "123…": value out of range`): look for the
  // quoted token in the source, else point at the start of the file.
  const quoted = /"([^"]+)"/.exec(body)?.[1];
  const offset = quoted === undefined ? -1 : source.indexOf(quoted);
  const pos = offset >= 0 ? offsetToPos(source, offset) : { line: 1, col: 1 };
  throw new ConfigError('CONFIG_PARSE', body.trim(), { file, ...pos });
}

function parseJson(source: string, file: string): unknown {
  try {
    return JSON.parse(source) as unknown;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const lc = /\(line (\d+) column (\d+)\)/.exec(msg);
    const at = /at position (\d+)/.exec(msg);
    let pos: { line: number; col: number };
    if (lc) pos = clampPos(source, Number(lc[1]), Number(lc[2]));
    else if (at) pos = offsetToPos(source, Number(at[1]));
    else if (/Unexpected end of JSON input/.test(msg)) pos = offsetToPos(source, source.length);
    else pos = offsetToPos(source, jsonErrorOffset(source));
    const text = msg
      .replace(/\s*\(line \d+ column \d+\)/, '')
      .replace(/ in JSON at position \d+/, '')
      .replace(/, (?:\.\.\.)?"[\s\S]*" is not valid JSON$/, '');
    throw new ConfigError('CONFIG_PARSE', text, { file, ...pos }, { cause: err });
  }
}

/** Where JSON.parse gave up, for messages that carry no position: the shortest failing prefix. */
function jsonErrorOffset(src: string): number {
  const fails = (p: number): boolean => {
    try {
      JSON.parse(src.slice(0, p));
      return false;
    } catch (err) {
      const msg = err instanceof Error ? err.message : '';
      const at = /at position (\d+)/.exec(msg);
      return at ? Number(at[1]) < p : !/Unexpected end of JSON input/.test(msg);
    }
  };
  let [lo, hi] = [1, src.length];
  while (lo < hi) [lo, hi] = fails((lo + hi) >> 1) ? [lo, (lo + hi) >> 1] : [((lo + hi) >> 1) + 1, hi];
  return Math.max(0, lo - 1);
}

function offsetToPos(src: string, offset: number): { line: number; col: number } {
  const before = src.slice(0, Math.max(0, Math.min(offset, src.length)));
  const nl = before.lastIndexOf('\n');
  return { line: before.split('\n').length, col: before.length - nl };
}

/** Keeps a reported position inside the file (HCL1 reports EOF one column past the end). */
function clampPos(src: string, line: number, col: number): { line: number; col: number } {
  const lines = src.split('\n').map((l) => l.replace(/\r$/, ''));
  const l = Math.min(Math.max(1, line), lines.length);
  const width = lines[l - 1]!.length + 1;
  return { line: l, col: line > lines.length ? width : Math.min(Math.max(1, col), width) };
}

export function findNode(nodes: readonly SourceNode[] | undefined, key: string): SourceNode | undefined {
  return nodes?.find((n) => n.key === key);
}

export function posOf(file: string, node: SourceNode | undefined, fallback?: SourcePos): SourcePos {
  return node ? { file, line: node.line, col: node.col } : (fallback ?? { file });
}

/**
 * Reads the blocks under one key. HCL gives `[{"tcp":[{…}]}, …]`; JSON gives `{"tcp":{…}}` or
 * `[{"tcp":{…}}]`; an element whose values are not all objects is an unlabelled block body.
 */
export function blockItems(
  value: unknown,
  keyNodes: readonly SourceNode[],
  file: string,
  key: string,
): BlockItem[] {
  const isBody = (v: unknown): boolean =>
    isPlainObject(v) || (Array.isArray(v) && v.length > 0 && v.every(isPlainObject));
  const found: { label: string | undefined; body: Record<string, unknown> }[] = [];
  for (const elem of Array.isArray(value) ? value : [value]) {
    if (!isPlainObject(elem)) {
      const pos = posOf(file, keyNodes[0]);
      throw new ConfigError('CONFIG_INVALID', `"${key}" must be a block, not a value`, pos);
    }
    const entries = Object.entries(elem);
    if (entries.length > 0 && entries.every(([, v]) => isBody(v))) {
      for (const [label, v] of entries) {
        for (const b of Array.isArray(v) ? v : [v]) found.push({ label, body: b as Record<string, unknown> });
      }
    } else found.push({ label: undefined, body: elem });
  }
  const places = itemPlaces(keyNodes);
  return found.map((f, i) => {
    const place = places[i];
    const fallback = posOf(file, keyNodes[Math.min(i, keyNodes.length - 1)]);
    return { ...f, pos: posOf(file, place?.node, fallback), nodes: place?.body ?? [] };
  });
}

/** The source position of each block under a key, in order, for either format. */
function itemPlaces(keyNodes: readonly SourceNode[]): { node: SourceNode; body: SourceNode[] }[] {
  const out: { node: SourceNode; body: SourceNode[] }[] = [];
  for (const n of keyNodes) {
    if (n.labels.length > 0) {
      out.push({ node: n, body: n.body ?? [] }); // HCL: listener "tcp" { … }
      continue;
    }
    for (const elem of n.items ?? [n.body]) {
      const labelled = elem !== undefined && elem.length > 0 && elem.every((c) => c.body ?? c.items);
      if (!labelled) {
        out.push({ node: n, body: elem ?? [] }); // an unlabelled block body
        continue;
      }
      for (const child of elem) {
        for (const b of child.items ?? [child.body]) out.push({ node: child, body: b ?? [] });
      }
    }
  }
  return out;
}
