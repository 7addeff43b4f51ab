/**
 * Writes an ACL policy: a name (when creating) and the HCL in the line-numbered editor. A policy
 * the server refuses is not stored; its message is shown, and the line it names is marked.
 */
import { useState } from 'preact/hooks';
import type { ApiClient } from '../api/client.js';
import { firstErrorPosition, policies } from '../api/policies.js';
import { CodeEditor } from '../components/code-editor.js';
import { Field } from '../components/field.js';
import { submitTo, useAction } from '../components/use-action.js';

interface PolicyFormProps {
  api: ApiClient;
  /** The policy edited; undefined to create one (a name field is shown). */
  name?: string;
  initial: string;
  submitLabel: string;
  onSaved: (name: string) => void;
  onCancel?: () => void;
}

export function PolicyForm({ api, name, initial, submitLabel, onSaved, onCancel }: PolicyFormProps) {
  const [newName, setNewName] = useState('');
  const [text, setText] = useState(initial);
  const target = name ?? newName.trim();
  const save = useAction(async () => {
    await policies.write(api, target, text);
    onSaved(target.toLowerCase());
  });
  const pos = firstErrorPosition(save.errors);
  const errorId = save.errors.length > 0 ? 'policy-error' : undefined;
  return (
    <form
      onSubmit={submitTo(save)}
    >
      {name === undefined ? <Field id="policy-name" label="Name" required autoComplete="off" value={newName} onValue={setNewName} /> : null}
      <CodeEditor
        id="policy-hcl"
        label="Policy (HCL)"
        value={text}
        onValue={setText}
        errorLine={pos?.line}
        errorId={errorId}
        errorKey={save.errors}
        hint={'For example: path "secret/data/*" { capabilities = ["read", "list"] }'}
      />
      {errorId ? (
        // One alert for the refusal: the server's messages and where they point, describing the editor.
        <div class="errors" role="alert" id={errorId}>
          <p class="errors-title">The server refused the policy; nothing was stored</p>
          <ul>
            {save.errors.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
          {pos ? <p class="error-at">Line {pos.line}{pos.col !== undefined ? `, column ${pos.col}` : ''} is marked in the editor.</p> : null}
        </div>
      ) : null}
      <div class="buttons">
        <button type="submit" class="primary" disabled={save.busy || target === ''}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
