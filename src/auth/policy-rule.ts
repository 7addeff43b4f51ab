/**
 * One `path "…" { … }` block of an ACL policy, decoded the way Vault's parsePaths does
 * (vault/policy.go): legacy `policy = "write"` mapped onto capabilities, `deny` alone, the `*`
 * glob suffix stripped into `isPrefix` (pathShape, also applied to rendered templated paths), `+`
 * segments flagged, `{{…}}` templating validated and flagged, parameter constraints and wrapping
 * TTLs read, and Vault's error texts (without the "failed to parse policy: " prefix the caller adds).
 */
import { isPlainObject, type SourceNode } from '../config/hcl.js';
import { parseDurationSeconds } from '../duration.js';
import { CoreError } from '../errors.js';
import { exactOf } from '../json/parse.js';
import type { Capability } from '../logical/types.js';
import { templateSyntax } from './acl-template.js';

/** Vault's capability bits (vault/policy.go cap2Int). */
export const CAPABILITY_BITS: Readonly<Record<Capability, number>> = {
  deny: 1,
  create: 2,
  read: 4,
  update: 8,
  delete: 16,
  list: 32,
  sudo: 64,
  patch: 128,
};

/** One path rule, as Vault's PathRules plus its ACLPermissions. */
export interface PathRule {
  /** The path without a leading `/`; the trailing `*` is stripped when `isPrefix`. */
  path: string;
  isPrefix: boolean;
  /** A `+` segment: kept whole (a trailing `*` included), matched segment by segment. */
  hasSegmentWildcards: boolean;
  /** `{{identity.…}}` templating: the ACL renders `template` with the token's identity (or drops the rule). */
  templated: boolean;
  /** For a templated rule: the path as written (leading `/` and `*` kept), rendered per identity. */
  template?: string;
  /** The capabilities as written (legacy `policy` mapped); `["deny"]` alone when denied. */
  capabilities: Capability[];
  bits: number;
  /** Seconds; 0 = unset. */
  minWrappingTtl: number;
  maxWrappingTtl: number;
  /** Parameter name (lower-cased) → allowed values; `[]` = any value; `*` = any parameter. */
  allowedParameters?: Record<string, unknown[]>;
  deniedParameters?: Record<string, unknown[]>;
  requiredParameters: string[];
  mfaMethods?: string[];
  /** Kept as written; control groups are an Enterprise feature and are not enforced. */
  controlGroup?: unknown;
}

/** A policy that does not parse: 400 with Vault's text; `line`/`col` where the source says. */
export class PolicyParseError extends CoreError {
  readonly line: number | undefined;
  readonly col: number | undefined;
  constructor(detail: string, pos: { line?: number; col?: number } = {}, options?: { cause?: unknown }) {
    super('CORE_INVALID_REQUEST', `failed to parse policy: ${detail}`, options);
    this.line = pos.line;
    this.col = pos.col;
  }
}

/** go-multierror's list format, as Vault prints several problems at once. */
export function multiError(errors: readonly string[]): string {
  if (errors.length === 1) return `1 error occurred:\n\t* ${errors[0]}\n\n`;
  return `${errors.length} errors occurred:\n\t${errors.map((e) => `* ${e}`).join('\n\t')}\n\n`;
}

/** Go's %q for ordinary strings. */
export const q = (s: string): string => JSON.stringify(s);

/** Offsets and positions in a policy's source text (1-based lines and columns, as HCL reports). */
export class PolicySource {
  readonly text: string;
  readonly #lineStarts: number[] = [0];

  constructor(text: string) {
    this.text = text;
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.#lineStarts.push(i + 1);
  }

  pos(offset: number): { line: number; col: number } {
    let line = this.#lineStarts.length;
    while (line > 1 && this.#lineStarts[line - 1]! > offset) line--;
    return { line, col: offset - this.#lineStarts[line - 1]! + 1 };
  }

  /** hcl's ObjectItem.Assign line (0 for a block: no `=`) and where the value starts. */
  assignment(node: SourceNode): { assignLine: number; value: { line: number; col: number } } {
    const t = this.text;
    let j = (this.#lineStarts[node.line - 1] ?? 0) + node.col - 1;
    if (t[j] === '"') {
      for (j++; j < t.length && t[j] !== '"'; j++) if (t[j] === '\\') j++;
      j++;
    } else while (j < t.length && !/[\s={}[\]:,"]/.test(t[j]!)) j++;
    while (j < t.length && /\s/.test(t[j]!)) j++;
    if (t[j] !== '=' && t[j] !== ':') return { assignLine: 0, value: this.pos(j) };
    const assignLine = this.pos(j).line;
    for (j++; j < t.length && /\s/.test(t[j]!); j++);
    return { assignLine, value: this.pos(j) };
  }
}

const VALID_KEYS = new Set([
  'comment',
  'policy',
  'capabilities',
  'allowed_parameters',
  'denied_parameters',
  'required_parameters',
  'min_wrapping_ttl',
  'max_wrapping_ttl',
  'mfa_methods',
  'control_group',
]);

const LEGACY: Readonly<Record<string, Capability[]>> = {
  deny: ['deny'],
  read: ['read', 'list'],
  write: ['create', 'read', 'update', 'delete', 'list'],
  sudo: ['create', 'read', 'update', 'delete', 'list', 'sudo'],
};

const isCapability = (c: string): c is Capability => Object.hasOwn(CAPABILITY_BITS, c);

interface Ctx {
  key: string;
  nodes: readonly SourceNode[];
  src: PolicySource;
}

/** Where a key's value starts, for hcl's "At line:col:" decode errors. */
function at(ctx: Ctx, name: string): { line: number; col: number } | undefined {
  const node = ctx.nodes.find((n) => n.key === name);
  return node ? ctx.src.assignment(node).value : undefined;
}

function decodeError(ctx: Ctx, name: string, what: string): PolicyParseError {
  const pos = at(ctx, name);
  const where = pos ? `At ${pos.line}:${pos.col}: ` : '';
  return new PolicyParseError(`path ${q(ctx.key)}: ${where}${what}`, pos ?? {});
}

function astType(v: unknown): string {
  if (Array.isArray(v)) return '*ast.ListType';
  return isPlainObject(v) ? '*ast.ObjectType' : '*ast.LiteralType';
}

/** hcl's decodeString: strings and numbers. */
function decodeString(ctx: Ctx, name: string, v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  throw decodeError(ctx, name, `${name}: unknown type for string ${astType(v)}`);
}

/** hcl's decodeSlice: a list (never a single value). */
function decodeList(ctx: Ctx, name: string, v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  throw decodeError(ctx, name, `unknown slice type: ${astType(v)}`);
}

/** `allowed_parameters = { "name" = [values] }`: one or more objects of lists. */
function decodeParams(ctx: Ctx, name: string, v: unknown, path: string): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const obj of Array.isArray(v) ? v : [v]) {
    if (!isPlainObject(obj)) throw decodeError(ctx, name, `${name}: unknown type for map ${astType(obj)}`);
    for (const [param, values] of Object.entries(obj)) {
      const list = exactOf(decodeList(ctx, name, values)); // numbers as written, compared exactly
      checkParameterKey(param, `path ${q(path)}: ${name}`);
      out[param.toLowerCase()] = list;
    }
  }
  return out;
}

/** validateParameter: wildcards only as `*` or a trailing `/*` of a `/pointer` key. */
function checkParameterKey(key: string, prefix: string): void {
  if (!key.includes('*') || key === '*') return;
  if (key.startsWith('/') && key.endsWith('/*') && !key.slice(0, -2).includes('*')) return;
  throw new PolicyParseError(`${prefix}: parameter key ${q(key)} cannot contain non-tail wildcards`);
}

function duration(name: string, v: unknown): number {
  try {
    return parseDurationSeconds(v);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new PolicyParseError(`error parsing ${name}: ${reason}`, {}, { cause: err });
  }
}

/** Where a rule applies, from its path as written: parsePaths' slash, `+` and `*` handling. */
export interface PathShape {
  path: string;
  isPrefix: boolean;
  hasSegmentWildcards: boolean;
}

/**
 * A written (or, for a templated rule, rendered) path → its shape: a leading `/` dropped, `+*`
 * refused, `+` segments flagged, a trailing `*` stripped into a prefix unless `+` segments are present.
 */
export function pathShape(key: string): PathShape {
  let path = key.startsWith('/') ? key.slice(1) : key;
  if (path.includes('+*')) throw new PolicyParseError(`path ${q(path)}: invalid use of wildcards ('+*' is forbidden)`);
  const hasSegmentWildcards = path === '+' || path.includes('/+') || path.startsWith('+/');
  let isPrefix = false;
  if (path.endsWith('*') && !hasSegmentWildcards) {
    path = path.slice(0, -1);
    isPrefix = true;
  }
  return { path, isPrefix, hasSegmentWildcards };
}

/** Decodes one path block; `key` is the path as written in the policy. */
export function decodeRule(key: string, body: Record<string, unknown>, nodes: readonly SourceNode[], src: PolicySource): PathRule {
  const ctx: Ctx = { key, nodes, src };
  const syntax = templateSyntax(key);
  if (syntax === 'unbalanced') {
    throw new PolicyParseError('failed to validate policy templating: unbalanced templating characters');
  }
  const bad = nodes.filter((n) => !VALID_KEYS.has(n.key)).map((n) => ({ key: n.key, line: src.assignment(n).assignLine }));
  for (const k of Object.keys(body)) if (!VALID_KEYS.has(k) && !bad.some((b) => b.key === k)) bad.push({ key: k, line: 0 });
  if (bad.length > 0) {
    const first = nodes.find((n) => n.key === bad[0]!.key);
    const pos = first ? { line: first.line, col: first.col } : {};
    throw new PolicyParseError(multiError(bad.map((b) => `path ${q(key)}: invalid key ${q(b.key)} on line ${b.line}`)), pos);
  }

  const { path, isPrefix, hasSegmentWildcards } = pathShape(key);

  let written = body.capabilities === undefined ? [] : decodeList(ctx, 'capabilities', body.capabilities).map((c) => decodeString(ctx, 'capabilities', c));
  if (body.policy !== undefined) {
    const legacy = decodeString(ctx, 'policy', body.policy);
    const mapped = LEGACY[legacy];
    if (legacy !== '' && !mapped) throw new PolicyParseError(`path ${q(key)}: invalid policy ${q(legacy)}`, at(ctx, 'policy') ?? {});
    if (legacy === 'deny') written = ['deny'];
    else if (mapped) written = [...written, ...mapped];
  }

  const rule: PathRule = {
    path,
    isPrefix,
    hasSegmentWildcards,
    templated: syntax === 'templated',
    ...(syntax === 'templated' ? { template: key } : {}),
    capabilities: [],
    bits: 0,
    minWrappingTtl: 0,
    maxWrappingTtl: 0,
    requiredParameters: [],
  };
  for (const c of written) {
    if (c === 'deny') return { ...rule, capabilities: ['deny'], bits: CAPABILITY_BITS.deny };
    if (!isCapability(c)) throw new PolicyParseError(`path ${q(key)}: invalid capability ${q(c)}`, at(ctx, 'capabilities') ?? {});
    if (!rule.capabilities.includes(c)) rule.capabilities.push(c);
    rule.bits |= CAPABILITY_BITS[c];
  }

  if (body.allowed_parameters !== undefined) {
    rule.allowedParameters = decodeParams(ctx, 'allowed_parameters', body.allowed_parameters, path);
  }
  if (body.denied_parameters !== undefined) {
    rule.deniedParameters = decodeParams(ctx, 'denied_parameters', body.denied_parameters, path);
  }
  if (body.min_wrapping_ttl !== undefined) rule.minWrappingTtl = duration('min_wrapping_ttl', body.min_wrapping_ttl);
  if (body.max_wrapping_ttl !== undefined) rule.maxWrappingTtl = duration('max_wrapping_ttl', body.max_wrapping_ttl);
  if (body.mfa_methods !== undefined) {
    rule.mfaMethods = decodeList(ctx, 'mfa_methods', body.mfa_methods).map((m) => decodeString(ctx, 'mfa_methods', m));
  }
  if (body.control_group !== undefined) rule.controlGroup = body.control_group;
  if (rule.minWrappingTtl !== 0 && rule.maxWrappingTtl !== 0 && rule.maxWrappingTtl < rule.minWrappingTtl) {
    throw new PolicyParseError('max_wrapping_ttl cannot be less than min_wrapping_ttl');
  }
  if (body.required_parameters !== undefined) {
    const required = decodeList(ctx, 'required_parameters', body.required_parameters);
    rule.requiredParameters = required.map((p) => decodeString(ctx, 'required_parameters', p));
  }
  return rule;
}
