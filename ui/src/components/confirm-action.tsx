/**
 * A button that asks before it acts: the question, the action's own button and Cancel (focused
 * first, so Enter does not confirm by accident); the server's messages when the action fails.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ErrorList } from './error-list.js';
import { useAction } from './use-action.js';

interface ConfirmActionProps {
  /** The id the question's paragraph gets (the group is labelled by it). */
  id: string;
  /** The first button's text. */
  label: string;
  question: ComponentChildren;
  /** The confirming button's text. */
  confirm: string;
  danger?: boolean;
  action: () => Promise<void>;
}

export function ConfirmAction({ id, label, question, confirm, danger = false, action }: ConfirmActionProps) {
  const [asking, setAsking] = useState(false);
  const run = useAction(async () => {
    await action();
    setAsking(false);
  });
  const cls = danger ? 'danger' : 'primary';
  if (!asking) {
    return (
      <div class="confirm">
        <button type="button" class={cls} onClick={() => setAsking(true)}>
          {label}
        </button>
        <ErrorList errors={run.errors} />
      </div>
    );
  }
  return (
    <div class="confirm" role="group" aria-labelledby={id}>
      <p id={id}>{question}</p>
      <ErrorList errors={run.errors} />
      <div class="buttons">
        <button type="button" class={cls} disabled={run.busy} onClick={() => void run.run()}>
          {confirm}
        </button>
        <button type="button" onClick={() => setAsking(false)} autoFocus>
          Cancel
        </button>
      </div>
    </div>
  );
}
