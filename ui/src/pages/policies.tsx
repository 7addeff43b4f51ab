/**
 * Policies: `#/policies` lists the ACL policies and creates one; `#/policies/<name>` shows one,
 * edits it, and deletes it after a confirmation (the server refuses `root` and `default`, and its
 * message is shown).
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { errorMessages } from '../api/client.js';
import { policies } from '../api/policies.js';
import { CodeEditor } from '../components/code-editor.js';
import { ConfirmAction } from '../components/confirm-action.js';
import { ErrorList } from '../components/error-list.js';
import { useLoaded } from '../components/use-loaded.js';
import { href, navigate } from '../router.js';
import { PolicyForm } from './policy-form.js';
import type { PageProps } from './types.js';

export function PoliciesPage(props: PageProps) {
  const [name] = props.route.rest;
  return name ? <PolicyView {...props} name={name} key={name} /> : <PolicyList {...props} />;
}

function PolicyList({ api }: PageProps) {
  const { value: names, errors } = useLoaded(api, policies.list);
  return (
    <section aria-labelledby="policies-title">
      <h1 id="policies-title">ACL policies</h1>
      <ErrorList errors={errors} />
      <div class="card">
        {names === undefined && errors.length === 0 ? <p aria-live="polite">Loading…</p> : null}
        {names ? (
          <ul class="list" aria-label="Policies">
            {names.map((n) => (
              <li key={n}>
                <a href={href('policies', n)}>{n}</a>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div class="card">
        <h2>Create a policy</h2>
        <PolicyForm api={api} initial="" submitLabel="Create policy" onSaved={(n) => navigate('policies', n)} />
      </div>
    </section>
  );
}

function PolicyView({ api, name }: PageProps & { name: string }) {
  const [text, setText] = useState<string | undefined>();
  const [errors, setErrors] = useState<string[]>([]);
  const [editing, setEditing] = useState(false);
  const load = useCallback(async () => {
    try {
      setText((await policies.read(api, name)).policy);
      setErrors([]);
    } catch (e) {
      setErrors(errorMessages(e));
    }
  }, [api, name]);
  useEffect(() => {
    void load();
  }, [load]);
  const isRoot = name === 'root';
  return (
    <section aria-labelledby="policy-title">
      <p class="crumbs">
        <a href={href('policies')}>Policies</a> / {name}
      </p>
      <h1 id="policy-title">Policy {name}</h1>
      <ErrorList errors={errors} />
      {text !== undefined ? (
        <div class="card">
          {isRoot ? <p>The root policy grants everything; it has no rules and cannot be changed or deleted.</p> : null}
          {editing ? (
            <PolicyForm
              api={api}
              name={name}
              initial={text}
              submitLabel="Save"
              onSaved={() => {
                setEditing(false);
                void load();
              }}
              onCancel={() => setEditing(false)}
            />
          ) : isRoot ? null : (
            <>
              <CodeEditor id="policy-view" label="Policy (HCL)" value={text} onValue={() => undefined} readOnly />
              <div class="buttons">
                <button type="button" class="primary" onClick={() => setEditing(true)}>
                  Edit
                </button>
              </div>
            </>
          )}
        </div>
      ) : null}
      {text !== undefined && !editing ? (
        <div class="card">
          <h2>Delete</h2>
          <ConfirmAction
            id="delete-confirm"
            label="Delete policy"
            question={`Delete the policy ${name}? Tokens that carry it lose what it grants at once.`}
            confirm="Yes, delete it"
            danger
            action={async () => {
              await policies.delete(api, name);
              navigate('policies');
            }}
          />
        </div>
      ) : null}
    </section>
  );
}
