/**
 * Create or edit a KV secret, in key/value rows or as JSON text (switching converts what is typed).
 * A malformed form shows why and sends nothing; the server's refusal shows its own messages. Saving
 * writes the whole secret (a new version on v2) and shows it.
 */
import { useEffect, useState } from 'preact/hooks';
import { errorMessages } from '../api/client.js';
import { kv } from '../api/secrets.js';
import { ErrorList } from '../components/error-list.js';
import { Field } from '../components/field.js';
import { useAction } from '../components/use-action.js';
import { href, navigate } from '../router.js';
import type { KvContext } from './kv-browser.js';
import { dataFromJson, dataFromRows, jsonFromData, rowsFromData, type Parsed, type Row } from './kv-form-model.js';

type Mode = 'kv' | 'json';

export function KvEditor({ api, mount, version, path, creating }: KvContext & { creating: boolean }) {
  const [name, setName] = useState('');
  const [mode, setMode] = useState<Mode>('kv');
  const [rows, setRows] = useState<Row[]>(rowsFromData({}));
  const [json, setJson] = useState('{\n  \n}');
  const [problem, setProblem] = useState('');
  const [loadErrors, setLoadErrors] = useState<string[]>([]);
  const [loaded, setLoaded] = useState(creating);

  useEffect(() => {
    if (creating) return;
    kv.read(api, mount, version, path.join('/')).then(
      (data) => {
        setRows(rowsFromData(data ?? {}));
        setJson(jsonFromData(data ?? {}));
        setLoaded(true);
      },
      (e: unknown) => setLoadErrors(errorMessages(e)),
    );
  }, [api, mount, version, path.join('/'), creating]);

  const target = creating ? [...path, ...name.split('/').filter((s) => s !== '')] : path;
  const parsed = (): Parsed => (mode === 'kv' ? dataFromRows(rows) : dataFromJson(json));

  const save = useAction(async () => {
    await kv.write(api, mount, version, target.join('/'), (parsed() as Extract<Parsed, { ok: true }>).data);
    navigate('secrets', mount, 'show', ...target);
  });

  const switchTo = (next: Mode): void => {
    if (next === mode) return;
    const p = parsed();
    if (!p.ok) {
      setProblem(p.error);
      return;
    }
    setProblem('');
    if (next === 'json') setJson(jsonFromData(p.data));
    else setRows(rowsFromData(p.data));
    setMode(next);
  };

  const submit = (): void => {
    save.clear();
    if (creating && target.length === path.length) {
      setProblem('the secret needs a name');
      return;
    }
    const p = parsed();
    if (!p.ok) {
      setProblem(p.error);
      return;
    }
    setProblem('');
    void save.run();
  };

  const setRow = (i: number, patch: Partial<Row>): void => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const title = creating ? `Create a secret in ${[mount, ...path].join('/')}/` : `Edit ${[mount, ...path].join('/')}`;

  return (
    <section aria-labelledby="kv-title">
      <h1 id="kv-title">{title}</h1>
      <ErrorList errors={loadErrors} title="The secret could not be read" />
      {!loaded ? (
        loadErrors.length === 0 ? <p aria-live="polite">Loading…</p> : null
      ) : (
        <form
          class="card"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          {creating ? <Field id="secret-name" label="Name" required value={name} onValue={setName} hint="The secret's path in this folder; a / makes sub-folders." spellcheck={false} /> : null}
          <fieldset class="methods">
            <legend>Edit as</legend>
            <label class="radio">
              <input type="radio" name="edit-mode" checked={mode === 'kv'} onChange={() => switchTo('kv')} />
              Key/value
            </label>
            <label class="radio">
              <input type="radio" name="edit-mode" checked={mode === 'json'} onChange={() => switchTo('json')} />
              JSON
            </label>
          </fieldset>
          {mode === 'kv' ? (
            <div class="kv-rows">
              {rows.map((r, i) => (
                <div class="kv-row" key={i}>
                  <input type="text" aria-label={`Key ${i + 1}`} placeholder="Key" value={r.key} spellcheck={false} autoComplete="off" onInput={(e) => setRow(i, { key: e.currentTarget.value })} />
                  <input
                    type="text"
                    aria-label={`Value ${i + 1}${r.json ? ' (JSON)' : ''}`}
                    placeholder={r.json ? 'Value (JSON)' : 'Value'}
                    value={r.value}
                    spellcheck={false}
                    autoComplete="off"
                    onInput={(e) => setRow(i, { value: e.currentTarget.value })}
                  />
                  <button type="button" class="small" aria-label={`Remove row ${i + 1}`} onClick={() => setRows(rows.length > 1 ? rows.filter((_, j) => j !== i) : rowsFromData({}))}>
                    Remove
                  </button>
                </div>
              ))}
              <button type="button" class="small" onClick={() => setRows([...rows, { key: '', value: '', json: false }])}>
                Add row
              </button>
            </div>
          ) : (
            <div class="field">
              <label for="secret-json">Secret data (JSON)</label>
              <textarea id="secret-json" rows={10} spellcheck={false} value={json} onInput={(e) => setJson(e.currentTarget.value)} aria-describedby="secret-json-hint" />
              <p class="hint" id="secret-json-hint">
                An object of keys and values, e.g. {'{"username": "app", "password": "…"}'}
              </p>
            </div>
          )}
          {problem ? (
            <div class="errors" role="alert">
              <p class="errors-title">Nothing was saved</p>
              <p data-testid="form-problem">{problem}</p>
            </div>
          ) : null}
          <ErrorList errors={save.errors} />
          <div class="buttons">
            <button type="submit" class="primary" disabled={save.busy}>
              Save
            </button>
            <a class="button-link" href={creating ? href('secrets', mount, 'list', ...path) : href('secrets', mount, 'show', ...path)}>
              Cancel
            </a>
          </div>
          {version === 2 ? <p class="hint">Saving writes a new version; earlier versions are kept.</p> : null}
        </form>
      )}
    </section>
  );
}
