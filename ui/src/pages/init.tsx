/**
 * Init (an uninitialised server): key shares and threshold, or recovery shares under an auto seal
 * (the server's seal-status says recovery_seal). The answer's keys and root token are shown once
 * by InitKeys; the server validates the numbers and its message is shown as sent.
 */
import { useState } from 'preact/hooks';
import { sys, type InitResponse } from '../api/sys.js';
import { ErrorList } from '../components/error-list.js';
import { Field } from '../components/field.js';
import { submitTo, useAction } from '../components/use-action.js';
import type { PageProps } from './types.js';

export function InitPage({ api, status, onInitialized }: PageProps & { onInitialized: (keys: InitResponse) => void }) {
  const recovery = status.recovery_seal;
  const [shares, setShares] = useState('5');
  const [threshold, setThreshold] = useState('3');
  const action = useAction(async () => {
    const n = Number(shares);
    const t = Number(threshold);
    const body = recovery ? { recovery_shares: n, recovery_threshold: t } : { secret_shares: n, secret_threshold: t };
    onInitialized(await sys.init(api, body));
  });
  const word = recovery ? 'Recovery key' : 'Key';
  return (
    <section aria-labelledby="init-title">
      <h1 id="init-title">Initialize Vault</h1>
      <p>
        This server has no keys yet (seal type <strong>{status.type}</strong>).{' '}
        {recovery
          ? 'Its seal unseals it by itself; people hold recovery key shares for operations that need them.'
          : 'The key that unseals it is split into shares: any threshold of them unseals it.'}
      </p>
      <form
        class="card"
        onSubmit={submitTo(action)}
      >
        <Field id="shares" label={`${word} shares`} type="number" inputMode="numeric" min={1} required value={shares} onValue={setShares} />
        <Field
          id="threshold"
          label={`${word} threshold`}
          type="number"
          inputMode="numeric"
          min={1}
          required
          value={threshold}
          onValue={setThreshold}
          hint="How many shares it takes to unseal."
        />
        <ErrorList errors={action.errors} />
        <button type="submit" class="primary" disabled={action.busy}>
          {action.busy ? 'Initializing…' : 'Initialize'}
        </button>
      </form>
    </section>
  );
}
