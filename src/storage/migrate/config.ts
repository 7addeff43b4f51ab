/**
 * The migrator's configuration file (Vault's loadMigratorConfig): HCL or JSON with exactly one
 * `storage_source "<type>" { … }` and one `storage_destination "<type>" { … }` block, each read as a
 * server's `storage` block is, and an optional `cluster_addr`. Errors are ConfigErrors naming
 * file:line:col where the source has a position (a missing block has none: the file is named).
 */
import { readFile, stat } from 'node:fs/promises';
import { blockItems, findNode, parseConfigSource, posOf } from '../../config/hcl.js';
import { decodeStorage } from '../../config/schema.js';
import type { StorageConfig } from '../../config/types.js';
import { ConfigError } from '../../errors.js';
import { STORAGE_TYPES, unknownStorageTypeMessage } from '../registry.js';

export const MIGRATOR_STANZAS = ['storage_source', 'storage_destination'] as const;

export interface MigratorConfig {
  source: StorageConfig;
  destination: StorageConfig;
  clusterAddr?: string;
}

/** Go's os.Stat / os.ReadFile texts for the common failures. */
function fsError(path: string, op: string, err: unknown): ConfigError {
  const code = (err as NodeJS.ErrnoException).code;
  const text =
    code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
  return new ConfigError('CONFIG_READ', `${op} ${path}: ${text}`, {}, { cause: err });
}

export async function loadMigratorConfig(path: string): Promise<MigratorConfig> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (err) {
    throw fsError(path, 'stat', err);
  }
  if (isDir) throw new ConfigError('CONFIG_READ', 'location is a directory, not a file');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw fsError(path, 'open', err);
  }
  const { data, nodes, file } = await parseConfigSource(text, path);
  const stanza = (name: (typeof MIGRATOR_STANZAS)[number]): StorageConfig => {
    const keyNodes = nodes.filter((n) => n.key === name);
    const items = data[name] === undefined ? [] : blockItems(data[name], keyNodes, file, name);
    if (items.length !== 1) {
      const at = items.length > 1 ? items[1]!.pos : { file };
      throw new ConfigError('CONFIG_INVALID', `exactly one ${JSON.stringify(name)} block is required`, at);
    }
    const storage = decodeStorage(items, name);
    if (!STORAGE_TYPES.includes(storage.type)) {
      throw new ConfigError(
        'CONFIG_INVALID',
        `error parsing ${JSON.stringify(name)}: ${unknownStorageTypeMessage(storage.type)}`,
        storage.pos,
      );
    }
    return storage;
  };
  const config: MigratorConfig = { source: stanza('storage_source'), destination: stanza('storage_destination') };
  const cluster = data['cluster_addr'];
  if (cluster !== undefined) {
    if (typeof cluster !== 'string') {
      throw new ConfigError('CONFIG_INVALID', 'cluster_addr must be a string', posOf(file, findNode(nodes, 'cluster_addr')));
    }
    config.clusterAddr = cluster;
  }
  return config;
}
