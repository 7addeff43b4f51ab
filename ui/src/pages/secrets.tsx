/**
 * Secrets: the secret engines this token can see (path, type, KV version, description) and a form
 * to enable one more (enable-engine.tsx); a KV mount opens the KV browser at
 * `#/secrets/<mount>/<list|show|edit|create>/<path…>` (the mount is one encoded segment, so a
 * mount path with "/" in it stays whole).
 */
import { kvVersion, secrets, type SecretMount } from '../api/secrets.js';
import { ErrorList } from '../components/error-list.js';
import { useLoaded } from '../components/use-loaded.js';
import { href } from '../router.js';
import { EnableEngine } from './enable-engine.js';
import { KvBrowser, type KvMode } from './kv-browser.js';
import type { PageProps } from './types.js';

const MODES: readonly KvMode[] = ['list', 'show', 'edit', 'create'];

export function SecretsPage(props: PageProps) {
  const [mount, mode, ...path] = props.route.rest;
  if (!mount) return <MountList {...props} />;
  const m = MODES.find((x) => x === mode) ?? 'list';
  return <KvBrowser api={props.api} mount={mount} mode={m} path={mode === undefined || m !== mode ? [] : path} />;
}

function MountList({ api }: PageProps) {
  const { value: mounts, errors } = useLoaded(api, secrets.mounts);
  return (
    <section aria-labelledby="secrets-title">
      <h1 id="secrets-title">Secrets engines</h1>
      <ErrorList errors={errors} title="The mounts could not be read" />
      {mounts === undefined ? (
        errors.length === 0 ? <p aria-live="polite">Loading…</p> : null
      ) : mounts.length === 0 ? (
        <p>This token sees no secrets engine.</p>
      ) : (
        <table class="grid" data-testid="mounts">
          <caption>Mounted secrets engines</caption>
          <thead>
            <tr>
              <th scope="col">Path</th>
              <th scope="col">Type</th>
              <th scope="col">Version</th>
              <th scope="col">Description</th>
            </tr>
          </thead>
          <tbody>
            {mounts.map((m) => {
              const version = kvVersion(m);
              return (
                <tr key={m.path}>
                  <td>{mountLink(m, version)}</td>
                  <td>{m.type}</td>
                  <td>{version > 0 ? `v${version}` : '—'}</td>
                  <td>{m.description || '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <EnableEngine api={api} />
    </section>
  );
}

/** A KV mount opens the KV browser, a transit mount its keys (transit.tsx); others are shown as text. */
function mountLink(m: SecretMount, kv: number) {
  const path = m.path.replace(/\/$/, '');
  if (kv > 0) return <a href={href('secrets', path)}>{m.path}</a>;
  if (m.type === 'transit') return <a href={href('transit', path)}>{m.path}</a>;
  return <code>{m.path}</code>;
}
