/**
 * A button that asks before it acts: the question, the action's own button and Cancel (focused
 * first, so Enter does not confirm by accident); the server's messages when the action fails.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
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
  const cancel = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  // Preact does not act on autoFocus for an element added later: move the focus by hand, to Cancel
  // when asking, and back to the first button when done (the buttons that had it are gone).
  useEffect(() => {
    if (asking) cancel.current?.focus();
    else if (asked.current) opener.current?.focus();
    asked.current = asking;
  }, [asking]);
  const cls = danger ? 'danger' : 'primary';
  if (!asking) {
    return (
      <div class="confirm">
        <button type="button" ref={opener} class={cls} onClick={() => setAsking(true)}>
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
        <button type="button" ref={cancel} onClick={() => setAsking(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
