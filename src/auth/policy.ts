/**
 * Vault ACL policies in HCL (vault/policy.go ParseACLPolicy): the HCL v1 grammar Vault parses them
 * with (js-hcl-parser, which src/config/hcl-library.ts loads when needed), top-level keys `name` and `path`, one
 * rule per `path "…" { … }` block (decoded in policy-rule.ts). A syntax error is a 400 carrying
 * hcl's own position: `failed to parse policy: At 3:2: object expected closing RBRACE got: EOF`.
 */
import { blockItems, isPlainObject, locateKeys, type SourceNode } from '../config/hcl.js';
import { hclParse } from '../config/hcl-library.js';
import { ConfigError, CoreError } from '../errors.js';
import { parsePaired } from '../json/parse.js';
import { decodeRule, multiError, PolicyParseError, PolicySource, q, type PathRule } from './policy-rule.js';

export { CAPABILITY_BITS, PolicyParseError, type PathRule } from './policy-rule.js';

export interface Policy {
  /** Lower-cased, as the policy store keeps names. */
  name: string;
  /** The HCL as written (what sys/policies/acl/<name> reads back). */
  raw: string;
  /** Any path uses `{{identity.…}}` templating. */
  templated: boolean;
  /** In source order; several rules may name the same path (the ACL merges them). */
  rules: readonly PathRule[];
}

/** hcl's parse (src/config/hcl-library.ts loads it when needed); CORE_INTERNAL when it cannot load. */
function hclParseOrFail(text: string): string {
  try {
    return hclParse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new CoreError('CORE_INTERNAL', `cannot load the HCL parser: ${reason}`, { cause: err });
  }
}

/** HCL text → plain data, or hcl's error text with its position (`At line:col: message`). */
function parseHcl(raw: string): Record<string, unknown> {
  const out = hclParseOrFail(raw);
  if (!out.trimStart().startsWith('{')) {
    // The library answers with a string: "unable to parse JSON: At 3:2: <message>".
    const body = out.replace(/^unable to (?:parse|print) JSON:\s*/, '').trim();
    const at = /^At (\d+):(\d+):/.exec(body);
    throw new PolicyParseError(body, at ? { line: Number(at[1]), col: Number(at[2]) } : {});
  }
  // Parameter values keep their numbers exact (allowed_parameters = { "n" = [9007199254740993] }).
  const data = parsePaired(out, Number.POSITIVE_INFINITY);
  if (!isPlainObject(data)) throw new PolicyParseError('does not contain a root object');
  return data;
}

/**
 * Parses one policy. Throws PolicyParseError (a CoreError, 400) with Vault's texts:
 * `failed to parse policy: path "a/*": invalid capability "write"`, `… invalid key "x" on line 2`, …
 */
export function parsePolicy(name: string, raw: string): Policy {
  const data = parseHcl(raw.startsWith('\uFEFF') ? raw.slice(1) : raw);
  const src = new PolicySource(raw);
  const nodes = locateKeys(raw);
  checkTopLevelKeys(data, nodes, src);
  if (data.name !== undefined && typeof data.name !== 'string' && typeof data.name !== 'number') {
    throw new PolicyParseError(`name: unknown type for string *ast.${Array.isArray(data.name) ? 'ListType' : 'ObjectType'}`);
  }
  const rules: PathRule[] = [];
  if (data.path !== undefined) {
    let items;
    try {
      items = blockItems(data.path, nodes.filter((n) => n.key === 'path'), 'policy', 'path');
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      throw new PolicyParseError(`path ${q('path')}: cannot check HCL keys of type *ast.LiteralType`, err, { cause: err });
    }
    for (const item of items) rules.push(decodeRule(item.label ?? 'path', item.body, item.nodes, src));
  }
  return { name: name.trim().toLowerCase(), raw, templated: rules.some((r) => r.templated), rules };
}

/** hclutil.CheckHCLKeys over the root: only `name` and `path`. */
function checkTopLevelKeys(data: Record<string, unknown>, nodes: readonly SourceNode[], src: PolicySource): void {
  const valid = new Set(['name', 'path']);
  const bad: { key: string; line: number; col: number }[] = [];
  for (const n of nodes) {
    if (!valid.has(n.key)) bad.push({ key: n.key, line: src.assignment(n).assignLine, col: n.col });
  }
  for (const k of Object.keys(data)) {
    if (!valid.has(k) && !bad.some((b) => b.key === k)) bad.push({ key: k, line: 0, col: 0 });
  }
  if (bad.length === 0) return;
  const first = nodes.find((n) => n.key === bad[0]!.key);
  throw new PolicyParseError(
    multiError(bad.map((b) => `invalid key ${q(b.key)} on line ${b.line}`)),
    first ? { line: first.line, col: first.col } : {},
  );
}
