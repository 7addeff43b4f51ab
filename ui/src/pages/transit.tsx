/**
 * Transit: `#/transit` lists the transit mounts the token sees (sys/internal/ui/mounts);
 * `#/transit/<mount>` lists its keys and creates one (a type the server supports);
 * `#/transit/<mount>/<key>` is the key's page (transit-key.tsx).
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { errorMessages } from '../api/client.js';
import { KEY_TYPES, transit, type KeyTypeName } from '../api/transit.js';
import { ErrorList } from '../components/error-list.js';
import { Field } from '../components/field.js';
import { submitTo, useAction } from '../components/use-action.js';
import { useLoaded } from '../components/use-loaded.js';
import { href, navigate } from '../router.js';
import { TransitKeyPage } from './transit-key.js';
import type { PageProps } from './types.js';

export function TransitPage(props: PageProps) {
  const [mount, key] = props.route.rest;
  if (mount && key) return <TransitKeyPage api={props.api} mount={mount} name={key} />;
  if (mount) return <TransitKeys {...props} mount={mount} />;
  return <TransitMounts {...props} />;
}

function TransitMounts({ api }: PageProps) {
  const { value: mounts, errors } = useLoaded(api, transit.mounts);
  return (
    <section aria-labelledby="transit-title">
      <h1 id="transit-title">Transit</h1>
      <ErrorList errors={errors} />
      <div class="card">
        <h2>Transit mounts</h2>
        {mounts === undefined && errors.length === 0 ? <p aria-live="polite">Loading…</p> : null}
        {mounts?.length === 0 ? (
          <p>No transit engine is mounted where this token can see it (enable one with <code>vault secrets enable transit</code>).</p>
        ) : null}
        {mounts && mounts.length > 0 ? (
          <ul class="list">
            {mounts.map((m) => (
              <li key={m}>
                <a href={href('transit', m)}>{m}/</a>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </section>
  );
}

function TransitKeys({ api, mount }: PageProps & { mount: string }) {
  const [keys, setKeys] = useState<string[] | undefined>();
  const [errors, setErrors] = useState<string[]>([]);
  const [name, setName] = useState('');
  const [type, setType] = useState<KeyTypeName>('aes256-gcm96');
  const load = useCallback(() => {
    transit.listKeys(api, mount).then(
      (k) => {
        setKeys(k);
        setErrors([]);
      },
      (e: unknown) => setErrors(errorMessages(e)),
    );
  }, [api, mount]);
  useEffect(load, [load]);
  const create = useAction(async () => {
    await transit.createKey(api, mount, name.trim(), type);
    navigate('transit', mount, name.trim());
  });
  return (
    <section aria-labelledby="keys-title">
      <p class="crumbs">
        <a href={href('transit')}>Transit</a> / {mount}/
      </p>
      <h1 id="keys-title">Keys in {mount}/</h1>
      <ErrorList errors={errors} />
      <div class="card">
        <h2>Keys</h2>
        {keys === undefined && errors.length === 0 ? <p aria-live="polite">Loading…</p> : null}
        {keys?.length === 0 ? <p>No keys yet.</p> : null}
        {keys && keys.length > 0 ? (
          <ul class="list" aria-label="Keys">
            {keys.map((k) => (
              <li key={k}>
                <a href={href('transit', mount, k)}>{k}</a>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <form
        class="card"
        aria-labelledby="create-key-title"
        onSubmit={submitTo(create)}
      >
        <h2 id="create-key-title">Create a key</h2>
        <Field id="key-name" label="Key name" required autoComplete="off" value={name} onValue={setName} />
        <div class="field">
          <label for="key-type">Key type</label>
          <select id="key-type" value={type} onChange={(e) => setType(e.currentTarget.value as KeyTypeName)}>
            {KEY_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
          <p class="hint">AES-GCM and ChaCha20 keys encrypt; Ed25519 and ECDSA keys sign; HMAC keys compute HMACs.</p>
        </div>
        <ErrorList errors={create.errors} />
        <button type="submit" class="primary" disabled={create.busy}>
          Create key
        </button>
      </form>
    </section>
  );
}
