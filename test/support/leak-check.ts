/**
 * "No unseal key or root token appears anywhere in the server's output across the suite": the
 * harness records every server's output and every secret the CLI printed to a shared folder;
 * the global teardown checks each secret against each server log and each audit log a test
 * recorded (audit devices must write every token and secret value HMAC'd, never in clear).
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ENV = 'TSVAULT_TEST_ARTIFACTS';

function dir(): string | undefined {
  const d = process.env[ENV];
  if (d) mkdirSync(d, { recursive: true });
  return d;
}

/** Unseal/recovery keys, tokens, AppRole secret ids and wrapping tokens in CLI output (table or JSON form). */
export function secretsIn(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/(?:Unseal Key(?: \d+)?|Recovery Key \d+|Initial Root Token|Root Token): (\S+)/g)) found.add(m[1]!);
  for (const m of text.matchAll(/"(?:root_token|token|client_token|secret_id|wrapping_token)":\s*"([^"]+)"/g)) found.add(m[1]!);
  // Table output of logins, secret ids and wrapped responses (`token  hvs.…`, `secret_id  …`, `wrapping_token:  …`).
  for (const m of text.matchAll(/^(?:token|secret_id|wrapping_token:)\s+(\S+)\s*$/gm)) found.add(m[1]!);
  for (const m of text.matchAll(/"(?:unseal_keys_b64|unseal_keys_hex|recovery_keys_b64|recovery_keys_hex|keys|keys_base64)":\s*\[([^\]]*)\]/g)) {
    for (const k of m[1]!.matchAll(/"([^"]+)"/g)) found.add(k[1]!);
  }
  return [...found].filter((s) => s.length >= 16);
}

export function recordSecrets(text: string): void {
  const d = dir();
  const secrets = secretsIn(text);
  if (d && secrets.length > 0) appendFileSync(join(d, 'secrets.txt'), secrets.join('\n') + '\n');
}

/** A value a test wrote (a secret, a plaintext) that must never show up in a server's output. */
export function recordSecret(...values: string[]): void {
  const d = dir();
  const keep = values.filter((v) => v.length >= 12);
  if (d && keep.length > 0) appendFileSync(join(d, 'secrets.txt'), keep.join('\n') + '\n');
}

export function recordServerOutput(name: string, text: string): void {
  const d = dir();
  if (d) appendFileSync(join(d, `server-${process.pid}-${name}.log`), text);
}

/** An audit device's output (a file device's file), checked like a server log. */
export function recordAuditLog(name: string, text: string): void {
  const d = dir();
  if (d) appendFileSync(join(d, `audit-${process.pid}-${name}.log`), text);
}

/** Every recorded secret found in any recorded server or audit log, as `secret-prefix… in file`. */
export function findLeaks(folder: string): string[] {
  const files = readdirSync(folder);
  if (!files.includes('secrets.txt')) return [];
  const secrets = readFileSync(join(folder, 'secrets.txt'), 'utf8').split('\n').filter(Boolean);
  const leaks: string[] = [];
  for (const f of files.filter((n) => n.startsWith('server-') || n.startsWith('audit-'))) {
    const log = readFileSync(join(folder, f), 'utf8');
    for (const s of secrets) if (log.includes(s)) leaks.push(`${s.slice(0, 6)}… in ${f}`);
  }
  return leaks;
}

export const ARTIFACTS_ENV = ENV;
