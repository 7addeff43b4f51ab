/**
 * One KV secret: its data as a key/value table or as JSON, Edit, and for v2 the version list (read
 * any live version), delete / undelete / destroy of the version shown and deleting the secret with
 * all its versions, each behind a confirmation. v1 has one Delete.
 */
import { useEffect, useState } from 'preact/hooks';
import { errorMessages } from '../api/client.js';
import { kv, versionState, type KvMetadata, type SecretData } from '../api/secrets.js';
import { ConfirmButton } from '../components/confirm-button.js';
import { ErrorList } from '../components/error-list.js';
import { href, navigate } from '../router.js';
import type { KvContext } from './kv-browser.js';

export function KvSecret({ api, mount, version, path }: KvContext) {
  const name = path.join('/');
  const [meta, setMeta] = useState<KvMetadata | undefined>();
  const [data, setData] = useState<SecretData | undefined>();
  const [loaded, setLoaded] = useState(false);
  /** The version asked for (v2); undefined: the current one. */
  const [at, setAt] = useState<number | undefined>();
  /** The version whose data is on screen: it follows `at` only once that version's answer is in. */
  const [dataAt, setDataAt] = useState<number | undefined>();
  const [asJson, setAsJson] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [generation, setGeneration] = useState(0);
  const reload = async (): Promise<void> => setGeneration((g) => g + 1);

  useEffect(() => {
    let live = true;
    setErrors([]);
    const load = async (): Promise<void> => {
      const m = version === 2 ? await kv.metadata(api, mount, name) : undefined;
      const d = await kv.read(api, mount, version, name, at);
      if (!live) return;
      setMeta(m);
      setData(d);
      setDataAt(at);
      setLoaded(true);
    };
    load().catch((e: unknown) => live && setErrors(errorMessages(e)));
    return () => {
      live = false;
    };
  }, [api, mount, version, name, at, generation]);

  const shown = dataAt ?? meta?.current_version;
  const vmeta = shown !== undefined ? meta?.versions[String(shown)] : undefined;
  const state = vmeta ? versionState(vmeta) : undefined;
  const title = [mount, ...path].join('/');
  const parent = path.slice(0, -1);

  return (
    <section aria-labelledby="kv-title">
      <h1 id="kv-title">{title}</h1>
      <ErrorList errors={errors} title="The secret could not be read" />
      {version === 2 && shown !== undefined ? (
        <p data-testid="shown-version">
          Version {shown}
          {shown === meta?.current_version ? ' (current)' : ''}
          {state && state !== 'live' ? ` — ${state}` : ''}
        </p>
      ) : null}
      {!loaded ? (
        errors.length === 0 ? <p aria-live="polite">Loading…</p> : null
      ) : data === undefined ? (
        <p data-testid="no-data">
          {state === 'destroyed' ? 'This version is destroyed: its data is gone for good.' : state === 'deleted' ? 'This version is deleted; undelete it to read it again.' : 'No secret at this path.'}
        </p>
      ) : (
        <div class="card">
          <div class="buttons">
            <button type="button" class="small" aria-pressed={asJson} onClick={() => setAsJson(!asJson)}>
              Show JSON
            </button>
            <a class="button-link" href={href('secrets', mount, 'edit', ...path)}>
              Edit
            </a>
          </div>
          {asJson ? (
            <pre class="json" data-testid="secret-json">
              {JSON.stringify(data, null, 2)}
            </pre>
          ) : (
            <DataTable data={data} />
          )}
        </div>
      )}
      <div class="buttons actions">
        {version === 1 && data !== undefined ? (
          <ConfirmButton
            label="Delete"
            question={`Delete ${title}? KV version 1 keeps no history: the secret is gone for good.`}
            confirmLabel="Yes, delete it"
            onConfirm={async () => {
              await kv.delete(api, mount, 1, name);
              navigate('secrets', mount, 'list', ...parent);
            }}
          />
        ) : null}
        {version === 2 && shown !== undefined && state === 'live' ? (
          <ConfirmButton
            label={`Delete version ${shown}`}
            question={`Delete version ${shown}? It can be undeleted later.`}
            confirmLabel="Yes, delete it"
            onConfirm={async () => {
              if (dataAt === undefined) await kv.delete(api, mount, 2, name);
              else await kv.deleteVersions(api, mount, name, [dataAt]);
              await reload();
            }}
          />
        ) : null}
        {version === 2 && shown !== undefined && state === 'deleted' ? (
          <ConfirmButton
            label={`Undelete version ${shown}`}
            question={`Undelete version ${shown}?`}
            confirmLabel="Yes, undelete it"
            danger={false}
            onConfirm={async () => {
              await kv.undelete(api, mount, name, [shown]);
              await reload();
            }}
          />
        ) : null}
        {version === 2 && shown !== undefined && state !== 'destroyed' && state !== undefined ? (
          <ConfirmButton
            label={`Destroy version ${shown}`}
            question={`Destroy version ${shown}? Its data is removed for good and cannot be undeleted.`}
            confirmLabel="Yes, destroy it"
            onConfirm={async () => {
              await kv.destroy(api, mount, name, [shown]);
              await reload();
            }}
          />
        ) : null}
        {version === 2 && meta ? (
          <ConfirmButton
            label="Delete all versions"
            question={`Delete ${title} with every version and its metadata? This cannot be undone.`}
            confirmLabel="Yes, delete everything"
            onConfirm={async () => {
              await kv.deleteMetadata(api, mount, name);
              navigate('secrets', mount, 'list', ...parent);
            }}
          />
        ) : null}
      </div>
      {version === 2 && meta ? <Versions meta={meta} shown={shown} onRead={setAt} /> : null}
    </section>
  );
}

function DataTable({ data }: { data: SecretData }) {
  const entries = Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return <p>The secret holds no keys.</p>;
  return (
    <table class="grid kv" data-testid="secret-data">
      <caption>Secret data</caption>
      <thead>
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>
              <code>{typeof v === 'string' ? v : JSON.stringify(v)}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Versions({ meta, shown, onRead }: { meta: KvMetadata; shown: number | undefined; onRead: (n: number) => void }) {
  const numbers = Object.keys(meta.versions)
    .map(Number)
    .sort((a, b) => b - a);
  return (
    <section class="card" aria-labelledby="versions-title">
      <h2 id="versions-title">Versions</h2>
      <ul class="versions">
        {numbers.map((n) => {
          const v = meta.versions[String(n)]!;
          const state = versionState(v);
          return (
            <li key={n} data-testid={`version-${n}`}>
              <span class="version-no">Version {n}</span>
              <span class={`state ${state}`}>{state === 'live' ? (n === meta.current_version ? 'current' : 'kept') : state}</span>
              <span class="hint">created {v.created_time}</span>
              {n === shown ? (
                <span class="hint">shown</span>
              ) : (
                <button type="button" class="small" onClick={() => onRead(n)}>
                  Read version {n}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
