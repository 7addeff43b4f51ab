/**
 * The pieces the `vault kv` commands share ([V] command/kv_helpers.go): the pre-flight request
 * that finds the mount and its KV version (GET sys/internal/ui/mounts/<path>; a 404 means an old
 * server and KV v1), the `-mount` / path-like argument rules, addPrefixToKVPath, the "== Title =="
 * headers, the -versions list and kvReadRequest.
 */
import { exactArgs } from './command.js';
import type { FlagSpec } from './flags.js';
import { err, out, type OutputFormat } from './format.js';
import type { VaultClient } from '../api/client.js';
import { TsvaultError } from '../errors.js';
import { outputData } from './secret-output.js';
import { pathJoin, sanitizePath } from './go-path.js';
import type { CliIO } from './io.js';
import { secretFromText, type VaultSecret } from './secret.js';
import type { Query } from '../api/logical.js';

export interface KvMount {
  mountPath: string;
  v2: boolean;
}

/** kvPreflightVersionRequest + isKVv2. Throws the API error (printed as is, exit 2). */
export async function isKvV2(client: VaultClient, path: string): Promise<KvMount> {
  // Never wrapped by -wrap-ttl: Vault clears the command's lookup (the API default stays).
  const preflight = client.withWrap({ ...client.wrap, flagTtl: '', off: false });
  const res = await preflight.send('GET', `sys/internal/ui/mounts/${path}`);
  if (res.error) {
    // An older Vault without the endpoint: assume KV version 1.
    if (res.status === 404) return { mountPath: '', v2: false };
    throw res.error;
  }
  const secret = secretFromText(res.text);
  if (secret === null) throw new TsvaultError('API_REQUEST', 'nil response from pre-flight request');
  const rawPath = secret.data?.['path'];
  const mountPath = typeof rawPath === 'string' ? rawPath : '';
  const options = secret.data?.['options'] as Record<string, unknown> | null | undefined;
  return { mountPath, v2: options?.['version'] === '2' };
}

export interface KvTarget extends KvMount {
  /** True for `-mount=secret foo`, false for the path-like `secret/foo`. */
  mountFlagSyntax: boolean;
  /** The secret's path; for v2 with -mount it already starts with the mount. */
  partialPath: string;
}

/**
 * The mount/path resolution every kv command starts with. `clean` is how the argument is
 * tidied: sanitizePath for most commands, only one leading "/" removed for `kv get`.
 */
export async function kvTarget(
  client: VaultClient,
  mountFlag: string,
  arg: string,
  clean: (s: string) => string = sanitizePath,
): Promise<KvTarget> {
  const mountFlagSyntax = mountFlag !== '';
  let partialPath = clean(arg);
  if (mountFlagSyntax) {
    const mount = await isKvV2(client, sanitizePath(mountFlag));
    if (mount.v2) partialPath = pathJoin(mount.mountPath, partialPath);
    return { ...mount, mountFlagSyntax, partialPath };
  }
  return { ...(await isKvV2(client, partialPath)), mountFlagSyntax, partialPath };
}

/** The KV v1 path: the mount joined in front with -mount, the argument as is otherwise. */
export function kvV1Path(t: KvTarget): string {
  return t.mountFlagSyntax ? pathJoin(t.mountPath, t.partialPath) : t.partialPath;
}

/** addPrefixToKVPath(path, mountPath, apiPrefix, false): "secret/foo" → "secret/data/foo". */
export function addPrefixToKvPath(path: string, mountPath: string, apiPrefix: string): string {
  if (path === mountPath || path === mountPath.replace(/\/$/, '')) return pathJoin(mountPath, apiPrefix);
  let mount = mountPath;
  let suffix = path.startsWith(mount) ? path.slice(mount.length) : path;
  while (suffix === path) {
    // Trim the parts of the mount path the path does not include (namespaces).
    const slash = mount.indexOf('/');
    if (slash === -1 || mount.slice(slash + 1) === '') break;
    mount = mount.slice(slash + 1).replace(/\/$/, '');
    suffix = suffix.startsWith(mount) ? suffix.slice(mount.length) : suffix;
  }
  return pathJoin(mount, apiPrefix, suffix);
}

/** padEqualSigns: "== Secret Path ==" sized to the text below it. */
export function padEqualSigns(header: string, totalLen: number): string {
  let signs = totalLen - (header.length + 2);
  if (signs <= 0) signs = 4;
  if (signs % 2 !== 0) signs += 1;
  const side = '='.repeat(signs / 2);
  return `${side} ${header} ${side}`;
}

/** getHeaderForMap: the header sized to the longest key plus "    Value". */
export function headerForMap(header: string, data: Readonly<Record<string, unknown>>): string {
  const maxKey = Math.max(0, ...Object.keys(data).map((k) => Buffer.byteLength(k)));
  return padEqualSigns(header, maxKey + 4 + 5);
}

/** outputPath: the title, the path, a blank line. */
export function outputPath(io: CliIO, path: string, title: string): void {
  out(io, padEqualSigns(title, Buffer.byteLength(path)));
  out(io, path);
  out(io, '');
}

/** kvParseVersionsFlags: each -versions value split on commas, trimmed, empties dropped. */
export function kvParseVersions(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',').map((s) => s.trim()).filter((s) => s !== ''));
}

/** kvReadRequest: a GET whose 404 is "no value" unless the body has data or warnings. */
export async function kvReadRequest(client: VaultClient, path: string, query?: Query): Promise<VaultSecret | null> {
  const res = await client.send('GET', path, query ? { query } : {});
  if (res.status === 404) {
    const secret = secretFromText(res.text);
    const content = secret !== null && ((secret.warnings?.length ?? 0) > 0 || Object.keys(secret.data ?? {}).length > 0);
    return content ? secret : null;
  }
  if (res.error) throw res.error;
  return secretFromText(res.text);
}

/** kvTarget for a command: prints the pre-flight error and returns null (the command exits 2). */
export async function resolveKv(
  io: CliIO,
  client: VaultClient,
  mountFlag: string,
  arg: string,
  clean?: (s: string) => string,
): Promise<KvTarget | null> {
  try {
    return await kvTarget(client, mountFlag, arg, clean);
  } catch (e) {
    io.stderr.write(`${(e as Error).message}\n`);
    return null;
  }
}

/** "Not enough/Too many arguments (expected 1, got N)"; true when there is exactly one. */
export function exactlyOne(io: CliIO, args: readonly string[]): boolean {
  return exactArgs(io, args, 1);
}

/** The `== Secret Path ==` block and the metadata table kv put and kv patch print. */
export function outputWrittenMetadata(io: CliIO, fullPath: string, secret: VaultSecret, format: OutputFormat): number {
  outputPath(io, fullPath, 'Secret Path');
  const metadata = secret.data ?? {};
  out(io, headerForMap('Metadata', metadata));
  return outputData(io, metadata, format);
}

/** The -mount flag of the kv commands. */
export const KV_MOUNT_FLAG: FlagSpec = { name: 'mount', type: 'string' };

/** The metadata path of a v2 key, or an exit code after Vault's message. */
export async function kvMetadataPath(io: CliIO, client: VaultClient, mount: string, arg: string): Promise<string | number> {
  const t = await resolveKv(io, client, mount, arg);
  if (t === null) return 2;
  if (!t.v2) {
    err(io, 'Metadata not supported on KV Version 1');
    return 1;
  }
  return addPrefixToKvPath(t.partialPath, t.mountPath, 'metadata');
}
