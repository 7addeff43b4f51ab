/**
 * The form under the Secrets engines list that enables one more (as `vault secrets enable`): KV v2,
 * KV v1 or transit, at a path, with a description. On success the new mount opens: the KV browser
 * or the transit keys. The server's refusal (path in use, no permission) is shown as it sent it.
 */
import { useState } from 'preact/hooks';
import type { ApiClient } from '../api/client.js';
import { ENGINE_CHOICES, secrets, type EngineChoice } from '../api/secrets.js';
import { ErrorList } from '../components/error-list.js';
import { Field } from '../components/field.js';
import { submitTo, useAction } from '../components/use-action.js';
import { navigate } from '../router.js';

const LABELS: Record<EngineChoice, string> = {
  'kv-v2': 'KV version 2 (versioned)',
  kv: 'KV version 1',
  transit: 'Transit (encryption as a service)',
};

const DEFAULT_PATH: Record<EngineChoice, string> = { 'kv-v2': 'secret', kv: 'kv', transit: 'transit' };

export function EnableEngine({ api }: { api: ApiClient }) {
  const [engine, setEngine] = useState<EngineChoice>('kv-v2');
  const [path, setPath] = useState('');
  const [description, setDescription] = useState('');
  const enable = useAction(async () => {
    const mount = await secrets.enable(api, path || DEFAULT_PATH[engine], engine, description);
    if (engine === 'transit') navigate('transit', mount);
    else navigate('secrets', mount);
  });
  return (
    <form
      class="card"
      aria-labelledby="enable-engine-title"
      onSubmit={submitTo(enable)}
    >
      <h2 id="enable-engine-title">Enable a secrets engine</h2>
      <div class="field">
        <label for="engine-type">Engine</label>
        <select id="engine-type" value={engine} onChange={(e) => setEngine(e.currentTarget.value as EngineChoice)}>
          {ENGINE_CHOICES.map((c) => (
            <option key={c} value={c}>
              {LABELS[c]}
            </option>
          ))}
        </select>
      </div>
      <Field
        id="engine-path"
        label="Path"
        autoComplete="off"
        spellcheck={false}
        value={path}
        onValue={setPath}
        hint={`Where it is mounted; ${DEFAULT_PATH[engine]}/ when left empty.`}
      />
      <Field id="engine-description" label="Description" autoComplete="off" value={description} onValue={setDescription} />
      <ErrorList errors={enable.errors} />
      <button type="submit" class="primary" disabled={enable.busy}>
        Enable engine
      </button>
    </form>
  );
}
