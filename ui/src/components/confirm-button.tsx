/**
 * A button whose action waits for a second, explicit "yes": the question, the confirming button and
 * Cancel (focused first, so Enter on a stray key press cancels). The server's errors show in place.
 */
import { useState } from 'preact/hooks';
import { ErrorList } from './error-list.js';
import { useAction } from './use-action.js';

interface ConfirmButtonProps {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  danger?: boolean;
}

export function ConfirmButton({ label, question, confirmLabel, onConfirm, danger = true }: ConfirmButtonProps) {
  const [open, setOpen] = useState(false);
  const action = useAction(async () => {
    await onConfirm();
    setOpen(false);
  });
  if (!open) {
    return (
      <button type="button" class={danger ? 'danger' : undefined} onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  }
  return (
    <div class="confirm card" role="group" aria-label={label}>
      <p>{question}</p>
      <ErrorList errors={action.errors} />
      <div class="buttons">
        <button type="button" class={danger ? 'danger' : 'primary'} disabled={action.busy} onClick={() => void action.run()}>
          {confirmLabel}
        </button>
        <button type="button" autoFocus onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
