/**
 * CIDR bindings (secret_id_bound_cidrs, token_bound_cidrs): parsed on write, checked on use with
 * node:net's BlockList. A bare address is its own /32 (or /128), as Vault's sockaddr parses it.
 */
import { BlockList, isIP } from 'node:net';
import { badRequest } from '../logical/errors.js';

function parseOne(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [address = '', prefixText, extra] = text.trim().split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return undefined;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return undefined;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** Every entry a valid CIDR or address, or a 400 naming the field. */
export function parseCidrList(list: readonly string[], field: string): string[] {
  const out: string[] = [];
  for (const item of list) {
    const parsed = parseOne(item);
    if (!parsed) throw badRequest(`failed to parse ${field}: invalid CIDR block ${JSON.stringify(item)}`);
    out.push(item.trim());
  }
  return out;
}

/** Strip IPv4-mapped IPv6 (`::ffff:127.0.0.1`) so a v4 CIDR matches a v4 client on a dual-stack socket. */
export function plainAddress(addr: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
  return m ? m[1]! : addr;
}

/** Whether `remoteAddr` lies in one of `cidrs`; an empty list binds nothing (true). */
export function cidrsAllow(cidrs: readonly string[], remoteAddr: string | undefined): boolean {
  if (cidrs.length === 0) return true;
  const addr = plainAddress(remoteAddr ?? '');
  const version = isIP(addr);
  if (version === 0) return false;
  const list = new BlockList();
  for (const c of cidrs) {
    const parsed = parseOne(c);
    if (parsed) list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return list.check(addr, version === 4 ? 'ipv4' : 'ipv6');
}
