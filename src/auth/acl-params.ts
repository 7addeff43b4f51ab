/**
 * Parameter constraints of an ACL rule, checked as Vault's ACL.AllowOperation does for read,
 * create, update and patch (vault/acl.go): required parameters first, then (when the request has
 * any data) denied parameters, then allowed parameters. Values may be globs (`foo*`, `*bar`,
 * `*mid*`); a list value or a comma-separated string is checked element by element.
 */
import { jsonEqual } from '../json/equal.js';
import { exactOf } from '../json/parse.js';

export interface ParameterPermissions {
  allowedParameters?: Readonly<Record<string, readonly unknown[]>> | undefined;
  deniedParameters?: Readonly<Record<string, readonly unknown[]>> | undefined;
  requiredParameters: readonly string[];
}

/** strutil.GlobbedStringsMatch: a leading and/or trailing `*`. */
export function globbedStringsMatch(item: string, val: string): boolean {
  if (item.length < 2) return val === item;
  const prefix = item.startsWith('*');
  const suffix = item.endsWith('*');
  if (prefix && suffix) return val.includes(item.slice(1, -1));
  if (prefix) return val.endsWith(item.slice(1));
  if (suffix) return val.startsWith(item.slice(0, -1));
  return val === item;
}

function inList(v: unknown, list: readonly unknown[]): boolean {
  return list.some((el) => {
    if (el === null || el === undefined || v === null || v === undefined) return (el ?? null) === (v ?? null);
    if (typeof el === 'string') return typeof v === 'string' && globbedStringsMatch(el, v);
    return jsonEqual(el, v);
  });
}

/** parseutil.ParseCommaStringSlice on a string: split on commas, trim; "" is the empty list. */
const commaList = (s: string): string[] => (s === '' ? [] : s.split(',').map((x) => x.trim()));

function inAllowed(v: unknown, list: readonly unknown[]): boolean {
  if (list.length === 0 || inList(v, list)) return true;
  if (Array.isArray(v)) return v.every((x) => inList(x, list));
  if (typeof v === 'string') return commaList(v).every((x) => inList(x, list));
  return false;
}

function inDenied(v: unknown, list: readonly unknown[]): boolean {
  if (list.length === 0 || inList(v, list)) return true;
  if (Array.isArray(v)) return v.some((x) => inList(x, list));
  if (typeof v === 'string') return commaList(v).some((x) => inList(x, list));
  return false;
}

/** Whether the request data satisfies the rule's parameter constraints. */
export function parametersAllowed(perms: ParameterPermissions, data: Readonly<Record<string, unknown>>): boolean {
  for (const p of perms.requiredParameters) if (!Object.hasOwn(data, p.toLowerCase())) return false;
  const entries = Object.entries(exactOf(data)); // the numbers as the request wrote them
  if (entries.length === 0) return true;

  const denied = perms.deniedParameters ?? {};
  if (Object.keys(denied).length > 0) {
    if (Object.hasOwn(denied, '*')) return false;
    for (const [name, value] of entries) {
      const list = Object.hasOwn(denied, name.toLowerCase()) ? denied[name.toLowerCase()] : undefined;
      if (list && inDenied(value, list)) return false;
    }
  }

  const allowed = perms.allowedParameters ?? {};
  const names = Object.keys(allowed);
  if (names.length === 0) return true;
  const allowedAll = Object.hasOwn(allowed, '*');
  if (names.length === 1 && allowedAll) return true;
  for (const [name, value] of entries) {
    const list = Object.hasOwn(allowed, name.toLowerCase()) ? allowed[name.toLowerCase()] : undefined;
    if (!list && !allowedAll) return false;
    if (list && !inAllowed(value, list)) return false;
  }
  return true;
}
