/**
 * The KV browser of one mount: breadcrumbs, then a folder's listing, a secret, or the editor. The
 * mount's KV version comes from sys/internal/ui/mounts/<mount> (as the CLI's preflight).
 */
import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '../api/client.js';
import { errorMessages } from '../api/client.js';
import { kv, kvVersion, secrets } from '../api/secrets.js';
import { ErrorList } from '../components/error-list.js';
import { href } from '../router.js';
import { KvEditor } from './kv-editor.js';
import { KvSecret } from './kv-secret.js';

export type KvMode = 'list' | 'show' | 'edit' | 'create';

/** What the KV views share: the mount as routed (no trailing "/"), its version, the path's segments. */
export interface KvContext {
  api: ApiClient;
  mount: string;
  version: 1 | 2;
  path: string[];
}

export function KvBrowser({ api, mount, mode, path }: { api: ApiClient; mount: string; mode: KvMode; path: string[] }) {
  const [version, setVersion] = useState<0 | 1 | 2 | undefined>();
  const [errors, setErrors] = useState<string[]>([]);
  useEffect(() => {
    setVersion(undefined);
    setErrors([]);
    secrets.mount(api, mount).then(
      (m) => setVersion(kvVersion(m)),
      (e: unknown) => setErrors(errorMessages(e)),
    );
  }, [api, mount]);
  const crumbs = <Breadcrumbs mount={mount} path={mode === 'list' || mode === 'create' ? path : path.slice(0, -1)} />;
  if (errors.length > 0 || version === undefined) {
    return (
      <section aria-labelledby="kv-title">
        {crumbs}
        <h1 id="kv-title">{mount}/</h1>
        <ErrorList errors={errors} title="The mount could not be read" />
        {errors.length === 0 ? <p aria-live="polite">Loading…</p> : null}
      </section>
    );
  }
  if (version === 0) {
    return (
      <section aria-labelledby="kv-title">
        {crumbs}
        <h1 id="kv-title">{mount}/</h1>
        <p>This mount is not a KV secrets engine; the UI browses KV mounts only.</p>
      </section>
    );
  }
  const ctx: KvContext = { api, mount, version, path };
  return (
    <>
      {crumbs}
      {mode === 'list' ? <KvFolder {...ctx} /> : null}
      {mode === 'show' ? <KvSecret key={path.join('/')} {...ctx} /> : null}
      {mode === 'edit' || mode === 'create' ? <KvEditor key={`${mode}:${path.join('/')}`} {...ctx} creating={mode === 'create'} /> : null}
    </>
  );
}

function Breadcrumbs({ mount, path }: { mount: string; path: string[] }) {
  return (
    <nav aria-label="Breadcrumb" class="crumbs">
      <ol>
        <li>
          <a href={href('secrets')}>Secrets</a>
        </li>
        <li>
          <a href={href('secrets', mount, 'list')}>{mount}</a>
        </li>
        {path.map((seg, i) => (
          <li key={i}>
            <a href={href('secrets', mount, 'list', ...path.slice(0, i + 1))}>{seg}</a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

function KvFolder({ api, mount, version, path }: KvContext) {
  const [keys, setKeys] = useState<string[] | undefined>();
  const [errors, setErrors] = useState<string[]>([]);
  useEffect(() => {
    setKeys(undefined);
    setErrors([]);
    kv.list(api, mount, version, path.join('/')).then(setKeys, (e: unknown) => setErrors(errorMessages(e)));
  }, [api, mount, version, path.join('/')]);
  const title = [mount, ...path].join('/') + '/';
  return (
    <section aria-labelledby="kv-title">
      <h1 id="kv-title">{title}</h1>
      <p class="hint">
        KV version {version}. <a href={href('secrets', mount, 'create', ...path)}>Create a secret here</a>
      </p>
      <ErrorList errors={errors} title="The folder could not be listed" />
      {keys === undefined ? (
        errors.length === 0 ? <p aria-live="polite">Loading…</p> : null
      ) : keys.length === 0 ? (
        <p>No secrets here yet.</p>
      ) : (
        <ul class="keys-list" aria-label={`Keys in ${title}`}>
          {keys.map((k) =>
            k.endsWith('/') ? (
              <li key={k}>
                <a href={href('secrets', mount, 'list', ...path, k.slice(0, -1))}>{k}</a> <span class="hint">folder</span>
              </li>
            ) : (
              <li key={k}>
                <a href={href('secrets', mount, 'show', ...path, k)}>{k}</a>
              </li>
            ),
          )}
        </ul>
      )}
    </section>
  );
}
