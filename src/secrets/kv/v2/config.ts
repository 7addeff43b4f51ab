/**
 * `config` (vault-plugin-secrets-kv path_config.go): the mount-wide max_versions, cas_required and
 * delete_version_after. A negative delete_version_after disables it for every key; zero clears it.
 */
import { bool, int } from '../../../logical/fields.js';
import type { LogicalRequest, LogicalResponse, PathSpec } from '../../../logical/types.js';
import { isSet, signedDuration } from '../input.js';
import { NO_CONTENT, type V2Context } from './context.js';
import { configView, DELETE_VERSION_AFTER_DISABLED } from './model.js';

const CONFIG_LOCK = '\0config';

export function configPath(ctx: V2Context): PathSpec {
  const read = async (req: LogicalRequest): Promise<LogicalResponse> => {
    return { data: configView(await (await ctx.store(req)).config()) };
  };

  const update = async (req: LogicalRequest): Promise<LogicalResponse> => {
    const { data } = req;
    const maxVersions = isSet(data, 'max_versions') ? int(data, 'max_versions') >>> 0 : undefined;
    const casRequired = isSet(data, 'cas_required') ? bool(data, 'cas_required') : undefined;
    const dva = isSet(data, 'delete_version_after') ? signedDuration(data, 'delete_version_after') : undefined;
    if (maxVersions === undefined && casRequired === undefined && dva === undefined) return NO_CONTENT;
    const store = await ctx.store(req);
    await ctx.locks.run(CONFIG_LOCK, async () => {
      const config = await store.config();
      if (maxVersions !== undefined) config.max_versions = maxVersions;
      if (casRequired !== undefined) config.cas_required = casRequired;
      if (dva !== undefined) config.delete_version_after = dva < 0 ? DELETE_VERSION_AFTER_DISABLED : dva;
      await store.putConfig(config);
    });
    return NO_CONTENT;
  };

  return { pattern: /^config$/, synopsis: 'Read or set the engine-wide settings: max_versions, cas_required, delete_version_after.', operations: { read, update } };
}
