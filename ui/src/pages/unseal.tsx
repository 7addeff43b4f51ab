/**
 * Unseal (a sealed server). Shamir: a key-share form, progress `2/3`, the attempt's nonce, reset.
 * Auto seal: the server unseals itself (the start-up loop retries until its KMS answers), so the
 * page shows what seal-status and seal-backend-status say and polls; recovery keys unseal it after
 * a manual seal, behind a disclosure. A pending migration needs the `migrate` flag on every share.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/client.js';
import { sys, type AutoUnsealStatus, type SealBackendStatus } from '../api/sys.js';
import { ErrorList } from '../components/error-list.js';
import { Facts } from '../components/facts.js';
import { Field } from '../components/field.js';
import { submitTo, useAction } from '../components/use-action.js';
import type { PageProps } from './types.js';

function KeyForm({ api, status, refresh, label }: PageProps & { label: string }) {
  const [key, setKey] = useState('');
  const [migrate, setMigrate] = useState(status.migration);
  const submit = useAction(async () => {
    await sys.unseal(api, key.trim(), migrate);
    setKey('');
    await refresh();
  });
  const reset = useAction(async () => {
    await sys.unsealReset(api);
    await refresh();
  });
  const errors = [...submit.errors, ...reset.errors];
  return (
    <form
      class="card"
      onSubmit={submitTo(submit)}
    >
      <p class="progress" aria-live="polite">
        Unseal progress{' '}
        <strong data-testid="unseal-progress">
          {status.progress}/{status.t}
        </strong>
      </p>
      <progress max={status.t || 1} value={status.progress} aria-label="Unseal progress" />
      {status.nonce ? (
        <p class="hint">
          Attempt nonce <code data-testid="unseal-nonce">{status.nonce}</code>
        </p>
      ) : null}
      <Field id="unseal-key" label={label} type="password" autoComplete="off" spellcheck={false} required value={key} onValue={setKey} />
      {status.migration ? (
        <div class="check">
          <input id="migrate" type="checkbox" checked={migrate} onChange={(e) => setMigrate((e.currentTarget as HTMLInputElement).checked)} />
          <label for="migrate">Migrate the seal (a seal migration is pending: every share needs this flag)</label>
        </div>
      ) : null}
      <ErrorList errors={errors} />
      <div class="buttons">
        <button type="submit" class="primary" disabled={submit.busy}>
          Unseal
        </button>
        <button type="button" disabled={reset.busy || status.progress === 0} onClick={() => void reset.run()}>
          Reset
        </button>
      </div>
    </form>
  );
}

function AutoUnseal(props: PageProps) {
  const { api, status, refresh } = props;
  const [health, setHealth] = useState<SealBackendStatus | undefined>();
  const [healthError, setHealthError] = useState<string[]>([]);
  const [checked, setChecked] = useState<Date | undefined>();
  useEffect(() => {
    let stop = false;
    const poll = async (): Promise<void> => {
      try {
        setHealth(await sys.sealBackendStatus(api));
        setHealthError([]);
      } catch (err) {
        // An older server or a proxy may refuse sys/seal-backend-status: say so once, keep polling seal-status.
        setHealthError(err instanceof ApiError ? err.errors : [String(err)]);
      }
      await refresh();
      if (!stop) setChecked(new Date());
    };
    void poll();
    const timer = setInterval(() => void poll(), 2000);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, [api, refresh]);
  return (
    <>
      <div class="card" aria-live="polite">
        <p>
          This server unseals itself with its <strong>{status.type}</strong> seal: at start-up it keeps retrying until the seal
          answers. Sealed by hand, it stays sealed until it restarts or is given its recovery keys (below). This page checks again
          every 2 seconds.
        </p>
        <Facts
          label="Auto-unseal state"
          rows={[
            ['State', status.sealed ? 'sealed' : 'unsealed'],
            ['Start-up loop', loopState(health?.auto_unseal)],
            ['Last error', health?.auto_unseal?.last_error],
            ['Last attempt', localTime(health?.auto_unseal?.last_attempt)],
            ['Next attempt', localTime(health?.auto_unseal?.next_attempt)],
            // The health check runs only while unsealed: what it found last, said so.
            ['Seal health (last check while unsealed)', health ? (health.healthy ? 'healthy' : 'unhealthy') : undefined],
            ['Unhealthy since', health?.unhealthy_since],
            ['Migration pending', status.migration ? 'yes' : 'no'],
            ['Last checked', checked?.toLocaleTimeString()],
          ]}
        />
        <ErrorList errors={healthError} title="Seal health could not be read" />
      </div>
      <details class="card">
        <summary>Unseal with recovery keys (after a manual seal)</summary>
        <KeyForm {...props} label="Recovery key share" />
      </details>
    </>
  );
}

/** The start-up loop in words (`retrying (3 attempts so far)`); undefined when the server does not say. */
export function loopState(loop: AutoUnsealStatus | undefined): string | undefined {
  if (!loop) return undefined;
  const attempts = `${loop.attempts} attempt${loop.attempts === 1 ? '' : 's'}`;
  switch (loop.state) {
    case 'trying':
      return 'trying the seal for the first time';
    case 'retrying':
      return `retrying (${attempts} so far)`;
    case 'unsealed':
      return `unsealed the server after ${attempts}; a manual seal since needs the recovery keys or a restart`;
    case 'stopped':
      return `stopped after ${attempts}`;
  }
}

const localTime = (iso: string | undefined): string | undefined => (iso ? new Date(iso).toLocaleTimeString() : undefined);

export function UnsealPage(props: PageProps) {
  const auto = props.status.recovery_seal;
  return (
    <section aria-labelledby="unseal-title">
      <h1 id="unseal-title">Unseal Vault</h1>
      {auto ? (
        <AutoUnseal {...props} />
      ) : (
        <>
          <p>
            This server is sealed (seal type <strong>{props.status.type}</strong>). Enter {props.status.t} of its{' '}
            {props.status.n} key shares, one at a time; each person may use their own browser.
          </p>
          <KeyForm {...props} label="Unseal key share" />
        </>
      )}
    </section>
  );
}
