/**
 * ACL policies (Vault's sys/policies/acl: LIST, and GET/POST/DELETE of `<name>`), and where in the
 * text a refused policy went wrong: the server's parse error carries HCL's position
 * (`failed to parse policy: At 3:2: …`) or a key's line (`… invalid key "x" on line 4`).
 */
import type { ApiClient } from './client.js';
import { toBase64 } from './base64.js';

export interface AclPolicy {
  name: string;
  /** The HCL as written. */
  policy: string;
}

/** Where a parse error points: 1-based line, and column when the server gives one. */
export interface ErrorPosition {
  line: number;
  col?: number;
}

/** The position named in one of the server's messages, or undefined when it names none. */
export function errorPosition(message: string): ErrorPosition | undefined {
  const at = /\bAt (\d+):(\d+):/.exec(message);
  if (at && Number(at[1]) > 0) return { line: Number(at[1]), col: Number(at[2]) };
  const onLine = /\bon line (\d+)\b/.exec(message);
  if (onLine && Number(onLine[1]) > 0) return { line: Number(onLine[1]) };
  return undefined;
}

/** The first position any of the messages names. */
export function firstErrorPosition(messages: readonly string[]): ErrorPosition | undefined {
  for (const m of messages) {
    const pos = errorPosition(m);
    if (pos) return pos;
  }
  return undefined;
}

/** Names that exist without being stored or that the server never lets go. */
export const UNDELETABLE = ['root', 'default'] as const;

const path = (name: string): string => `sys/policies/acl/${encodeURIComponent(name)}`;

export const policies = {
  async list(api: ApiClient): Promise<string[]> {
    const res = await api.list<{ data?: { keys?: string[] } }>('sys/policies/acl');
    return res?.data?.keys ?? [];
  },
  async read(api: ApiClient, name: string): Promise<AclPolicy> {
    const res = await api.get<{ data: AclPolicy }>(path(name));
    if (!res) throw new Error(`the server sent no answer for policy ${name}`);
    return res.data;
  },
  /**
   * Sent base64-encoded, which the server accepts as Vault does: HCL that happens to be valid base64
   * on its own (`path`) would otherwise be decoded by the server and stored as something else.
   */
  async write(api: ApiClient, name: string, hcl: string): Promise<void> {
    await api.post(path(name), { policy: toBase64(hcl) });
  },
  async delete(api: ApiClient, name: string): Promise<void> {
    await api.delete(path(name));
  },
};
