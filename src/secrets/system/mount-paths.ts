import type { MountManager } from '../../logical/mounts.js';
import { badRequest } from '../../logical/errors.js';
import { duration, str, strMap } from '../../logical/fields.js';
import type { MountEntry } from '../../logical/mount-table.js';
import type { LogicalRequest, PathSpec } from '../../logical/types.js';

/** A mount as sys/mounts shows it. */
export function describeMount(e: MountEntry, version: string): Record<string, unknown> {
  return {
    accessor: e.accessor,
    config: { default_lease_ttl: e.config.default_lease_ttl, force_no_cache: false, max_lease_ttl: e.config.max_lease_ttl },
    description: e.description,
    external_entropy_access: false,
    local: e.local,
    options: e.options,
    plugin_version: '',
    running_plugin_version: `v${version}+builtin`,
    running_sha256: '',
    seal_wrap: e.seal_wrap,
    type: e.type,
    uuid: e.uuid,
  };
}

function tableData(mounts: MountManager, table: MountEntry['table'], version: string): Record<string, unknown> {
  return Object.fromEntries(mounts.list(table).map((e) => [e.path, describeMount(e, version)]));
}

function mountFields(req: LogicalRequest) {
  const config = (req.data.config ?? {}) as Record<string, unknown>;
  if (typeof config !== 'object' || Array.isArray(config)) throw badRequest('config must be an object');
  const options = strMap(req.data, 'options');
  return {
    description: str(req.data, 'description'),
    config: { default_lease_ttl: duration(config, 'default_lease_ttl'), max_lease_ttl: duration(config, 'max_lease_ttl') },
    ...(options ? { options } : {}),
    local: req.data.local === true,
    seal_wrap: req.data.seal_wrap === true,
  };
}

/** Secret engine types by their CLI names: `kv-v2` is kv with version 2, as Vault maps it. */
function engineType(type: string, options: Record<string, string> | undefined): { type: string; options?: Record<string, string> } {
  if (type === 'kv-v2') return { type: 'kv', options: { ...(options ?? {}), version: '2' } };
  if (type === 'kv' && !options?.version) return { type: 'kv', options: { ...(options ?? {}), version: '1' } };
  return options ? { type, options } : { type };
}

/** sys/mounts, sys/mounts/<path>, sys/mounts/<path>/tune, sys/auth. */
export function mountPaths(mounts: MountManager, version: string): PathSpec[] {
  return [
    {
      pattern: /^mounts\/?$/, synopsis: 'List the mounted secrets engines.',
      operations: {
        read: async () => ({ data: tableData(mounts, 'mounts', version), topLevel: true }),
      },
    },
    tuneSpec(mounts, 'mounts'),
    {
      pattern: /^mounts\/(?<path>.+)$/, synopsis: 'Enable, read or disable a secrets engine at a path.',
      operations: {
        read: async (_req, p) => {
          const e = mounts.find('mounts', p.path!);
          return e ? { data: describeMount(e, version) } : null;
        },
        update: async (req, p) => {
          const fields = mountFields(req);
          const kind = engineType(str(req.data, 'type'), fields.options);
          if (!kind.type) throw badRequest('backend type must be specified as a string');
          await mounts.enable('mounts', p.path!, kind.type, { ...fields, ...(kind.options ? { options: kind.options } : {}) });
          return { noContent: true };
        },
        delete: async (_req, p) => {
          if (mounts.find('mounts', p.path!)) await mounts.disable('mounts', p.path!);
          return { noContent: true };
        },
      },
    },
    {
      pattern: /^auth\/?$/, synopsis: 'List the enabled auth methods.',
      operations: { read: async () => ({ data: tableData(mounts, 'auth', version), topLevel: true }) },
    },
    tuneSpec(mounts, 'auth'),
    {
      pattern: /^auth\/(?<path>.+)$/, synopsis: 'Enable or disable an auth method at a path.',
      operations: {
        read: async (_req, p) => {
          const e = mounts.find('auth', p.path!);
          if (!e) throw badRequest(`No auth engine at ${p.path!.replace(/\/*$/, '/')}`);
          return { data: describeMount(e, version) };
        },
        update: async (req, p) => {
          const fields = mountFields(req);
          const type = str(req.data, 'type');
          if (!type) throw badRequest('backend type must be specified as a string');
          if (fields.options?.version) throw badRequest(`auth method "${type}" does not allow setting a version`);
          await mounts.enable('auth', p.path!, type, fields);
          return { noContent: true };
        },
        delete: async (_req, p) => {
          // Vault answers success when nothing is mounted there, so as not to tell whether it was.
          if (mounts.find('auth', p.path!)) await mounts.disable('auth', p.path!);
          return { noContent: true };
        },
      },
    },
  ];
}

/** sys/mounts/<path>/tune and sys/auth/<path>/tune. */
function tuneSpec(mounts: MountManager, pathTable: MountEntry['table']): PathSpec {
  // Vault's CLI tunes an auth method through sys/mounts/auth/<path>/tune: the `auth/` prefix picks the auth table.
  const target = (path: string): { table: MountEntry['table']; path: string } =>
    pathTable === 'mounts' && path.startsWith('auth/') ? { table: 'auth', path: path.slice('auth/'.length) } : { table: pathTable, path };
  return {
    pattern: pathTable === 'auth' ? /^auth\/(?<path>.+)\/tune$/ : /^mounts\/(?<path>.+)\/tune$/,
    operations: {
      read: async (_req, p) => {
        const { table, path } = target(p.path!);
        const e = mounts.find(table, path);
        if (!e) throw badRequest(`cannot fetch sysview for path "${p.path!.replace(/\/*$/, '/')}"`);
        return {
          data: {
            default_lease_ttl: e.config.default_lease_ttl || 2764800,
            max_lease_ttl: e.config.max_lease_ttl || 2764800,
            force_no_cache: false,
            description: e.description,
            ...(table === 'auth' ? { token_type: 'default-service' } : {}),
            ...(e.options ? { options: e.options } : {}),
          },
          topLevel: true,
        };
      },
      update: async (req, p) => {
        const options = strMap(req.data, 'options');
        const { table, path } = target(p.path!);
        await mounts.tune(table, path, {
          config: {
            ...(req.data.default_lease_ttl !== undefined ? { default_lease_ttl: duration(req.data, 'default_lease_ttl') } : {}),
            ...(req.data.max_lease_ttl !== undefined ? { max_lease_ttl: duration(req.data, 'max_lease_ttl') } : {}),
          },
          ...(req.data.description !== undefined ? { description: str(req.data, 'description') } : {}),
          ...(options ? { options } : {}),
        });
        return { noContent: true };
      },
    },
  };
}
