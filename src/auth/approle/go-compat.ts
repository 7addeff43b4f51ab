/**
 * The few pieces of Go and of Vault's helpers whose exact behaviour shows through AppRole's API:
 * Go's net.ParseCIDR (secret_id_bound_cidrs and cidr_list take CIDR notation only), Vault's
 * cidrutil.Subset/SubsetBlocks, strutil.ParseArbitraryKeyValues (secret ID metadata), fmt's %q of a
 * string slice, time.Duration.String(), and the JSON form of a time.Time.
 */
import { BlockList, isIP } from 'node:net';
import { cidrsAllow } from '../cidr.js';

/** A CIDR block as Go's net.ParseCIDR reads it (the address as written, the prefix length). */
export interface GoCidr {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** net.ParseCIDR: `addr/bits`, or the Go error text `invalid CIDR address: <s>`. */
export function parseGoCidr(text: string): GoCidr | { error: string } {
  const slash = text.lastIndexOf('/');
  const address = slash < 0 ? '' : text.slice(0, slash);
  const bits = slash < 0 ? '' : text.slice(slash + 1);
  const version = isIP(address);
  const max = version === 4 ? 32 : 128;
  if (version === 0 || !/^\d{1,3}$/.test(bits) || Number(bits) > max) return { error: `invalid CIDR address: ${text}` };
  return { address, prefix: Number(bits), family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** cidrutil.ValidateCIDRListSlice: undefined when every block parses, else the first Go error. */
export function cidrListProblem(blocks: readonly string[]): string | undefined {
  for (const block of blocks) {
    const parsed = parseGoCidr(block.trim());
    if ('error' in parsed) return parsed.error;
  }
  return undefined;
}

function contains(cidr: GoCidr, address: string): boolean {
  const list = new BlockList();
  list.addSubnet(cidr.address, cidr.prefix, cidr.family);
  return list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
}

/** Whether an address is Go's IPv4zero or IPv6zero (`0.0.0.0`, `::`, `::ffff:0.0.0.0`). */
function isZeroAddress(address: string): boolean {
  if (isIP(address) === 4) return address.split('.').every((o) => Number(o) === 0);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isZeroAddress(mapped[1]!);
  return /^[0:]+$/.test(address) || /^[0:]*:0+\.0+\.0+\.0+$/.test(address);
}

/** cidrutil.Subset: whether every address of cidr2 lies in cidr1 (Go's error texts on bad input). */
function subset(cidr1: string, cidr2: string): { ok: boolean; error?: string } {
  if (cidr1 === '') return { ok: false, error: 'missing CIDR to be checked against' };
  if (cidr2 === '') return { ok: false, error: 'missing CIDR that needs to be checked' };
  const net1 = parseGoCidr(cidr1);
  if ('error' in net1) return { ok: false, error: `failed to parse the CIDR to be checked against: ${net1.error}` };
  if (!isZeroAddress(net1.address) && net1.prefix === 0) {
    return { ok: false, error: 'CIDR to be checked against is not in its canonical form' };
  }
  const net2 = parseGoCidr(cidr2);
  if ('error' in net2) return { ok: false, error: `failed to parse the CIDR that needs to be checked: ${net2.error}` };
  if (!isZeroAddress(net2.address) && net2.prefix === 0) {
    return { ok: false, error: 'CIDR that needs to be checked is not in its canonical form' };
  }
  if (net2.prefix < net1.prefix) return { ok: false };
  // With prefix2 >= prefix1, cidr2's network address lies in cidr1 exactly when its written address does.
  return { ok: contains(net1, net2.address) };
}

/** cidrutil.SubsetBlocks: every block of `inner` within some block of `outer`. */
function subsetBlocks(outer: readonly string[], inner: readonly string[]): { ok: boolean; error?: string } {
  if (outer.length === 0) return { ok: false, error: 'missing CIDR blocks to be checked against' };
  if (inner.length === 0) return { ok: false, error: 'missing CIDR blocks that needs to be checked' };
  for (const block2 of inner) {
    let found = false;
    for (const block1 of outer) {
      const r = subset(block1, block2);
      if (r.error !== undefined) return r;
      if (r.ok) {
        found = true;
        break;
      }
    }
    if (!found) return { ok: false };
  }
  return { ok: true };
}

/** fmt's %q of a []string: `["a" "b"]`. */
export function goQuoteList(list: readonly string[]): string {
  return `[${list.map((s) => JSON.stringify(s)).join(' ')}]`;
}

/** fmt's `%w` of an error that may be nil. */
export function goWrap(error: string | undefined): string {
  return error === undefined ? '%!w(<nil>)' : error;
}

/**
 * approle's verifyCIDRRoleSecretIDSubset: the secret ID's blocks must lie within the role's (a role
 * block without a mask counts as /32). Undefined when they do, else Vault's text (a plain error there).
 */
export function cidrSubsetProblem(secretIdCidrs: readonly string[], roleCidrs: readonly string[]): string | undefined {
  if (secretIdCidrs.length === 0 || roleCidrs.length === 0) return undefined;
  const outer = roleCidrs.map((b) => (b.includes('/') ? b : `${b}/32`));
  const r = subsetBlocks(outer, secretIdCidrs);
  if (r.ok && r.error === undefined) return undefined;
  return (
    `failed to verify subset relationship between CIDR blocks on the role ${goQuoteList(outer)} ` +
    `and CIDR blocks on the secret ID ${goQuoteList(secretIdCidrs)}: ${goWrap(r.error)}`
  );
}

/**
 * cidrutil.IPBelongsToCIDRBlocksSlice over CIDR-notation blocks: true/false, or Go's error text.
 * An IPv4-mapped IPv6 client (`::ffff:10.0.0.1`) matches IPv4 blocks (cidrsAllow).
 */
export function ipInCidrs(address: string, cidrs: readonly string[]): { ok: boolean; error?: string } {
  if (address === '') return { ok: false, error: 'missing IP address' };
  if (cidrs.length === 0) return { ok: false, error: 'missing CIDR blocks to be checked against' };
  if (isIP(address) === 0) return { ok: false, error: 'invalid IP address' };
  for (const block of cidrs) {
    const parsed = parseGoCidr(block);
    if ('error' in parsed) return { ok: false, error: parsed.error };
  }
  return { ok: cidrsAllow(cidrs, address) };
}

/** A time.Time as JSON (RFC 3339 with the fraction's trailing zeros dropped); 0 is Go's zero time. */
export function goTime(ms: number): string {
  if (ms === 0) return '0001-01-01T00:00:00Z';
  return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}

/** base64.StdEncoding.DecodeString, strictly (padding required, no stray characters). */
function goBase64(input: string): string | undefined {
  const text = input.replace(/[\r\n]/g, '');
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  return Buffer.from(text, 'base64').toString('utf8');
}

/** strutil.ParseDedupLowercaseAndSortStrings. */
function dedupLowerSorted(input: string, sep: string): string[] {
  const items = input.split(sep).map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  return [...new Set(items)].sort();
}

/**
 * strutil.ParseArbitraryKeyValues(input, out, ","): a JSON object of strings, its base64, or
 * `k1=v1,k2=v2` (lower-cased, as Vault does). Returns the map, or Vault's error text.
 */
export function parseArbitraryKeyValues(raw: string): { values: Record<string, string> } | { error: string } {
  let input = raw.trim();
  const out: Record<string, string> = {};
  if (input === '') return { values: out };
  const decoded = goBase64(input);
  if (decoded !== undefined) input = decoded;
  let parsedJson = false;
  try {
    const value: unknown = JSON.parse(input);
    if (value === null) parsedJson = true;
    else if (typeof value === 'object' && !Array.isArray(value)) {
      const entries = Object.entries(value as Record<string, unknown>);
      for (const [k, v] of entries) if (typeof v === 'string' || v === null) out[k] = v ?? '';
      parsedJson = entries.every(([, v]) => typeof v === 'string' || v === null);
    }
  } catch {
    parsedJson = false;
  }
  if (!parsedJson) {
    for (const pair of dedupLowerSorted(input, ',')) {
      const shards = pair.split('=');
      if (shards.length !== 2) return { error: 'failed to parse the input: invalid <key,value> format' };
      const key = shards[0]!.trim();
      const value = shards[1]!.trim();
      if (key === '' || value === '') {
        return { error: `failed to parse the input: invalid <key,value> pair: key: ${JSON.stringify(key)} value: ${JSON.stringify(value)}` };
      }
      out[key] = value;
    }
  }
  for (const [key, value] of Object.entries(out)) {
    if (key !== '' && value === '') return { error: `invalid value for key ${JSON.stringify(key)}` };
  }
  return { values: out };
}
