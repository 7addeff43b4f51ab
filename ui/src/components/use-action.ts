/** An async action of a form or button: busy while it runs, the server's messages when it fails. */
import { useCallback, useState } from 'preact/hooks';
import { errorMessages } from '../api/client.js';

export interface Action<A extends unknown[]> {
  run: (...args: A) => Promise<boolean>;
  busy: boolean;
  errors: string[];
  clear: () => void;
}

export function useAction<A extends unknown[]>(fn: (...args: A) => Promise<void>): Action<A> {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const run = useCallback(
    async (...args: A): Promise<boolean> => {
      setBusy(true);
      setErrors([]);
      try {
        await fn(...args);
        return true;
      } catch (err) {
        setErrors(errorMessages(err));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [fn],
  );
  return { run, busy, errors, clear: () => setErrors([]) };
}

/** A form's onSubmit: the page stays where it is (no navigation) and the action runs. */
export function submitTo(action: { run: () => Promise<boolean> }): (e: Event) => void {
  return (e) => {
    e.preventDefault();
    void action.run();
  };
}
