/**
 * The keys and root token from sys/init, shown once: the server never hands them out again. Copy
 * buttons per value, one download of the whole answer as JSON, and a warning the operator must
 * acknowledge before moving on (the keys are then dropped from memory).
 */
import { useState } from 'preact/hooks';
import type { InitResponse } from '../api/sys.js';
import { CopyButton, DownloadButton } from '../components/secret-actions.js';

export function InitKeys({ keys, onDone }: { keys: InitResponse; onDone: () => void }) {
  const [saved, setSaved] = useState(false);
  const recovery = (keys.recovery_keys?.length ?? 0) > 0;
  const shares = recovery ? keys.recovery_keys! : keys.keys;
  const shares64 = recovery ? (keys.recovery_keys_base64 ?? []) : keys.keys_base64;
  const word = recovery ? 'Recovery key' : 'Unseal key';
  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">Save these keys now</h1>
      <div class="warning" role="alert">
        <strong>These are shown once.</strong> The server keeps no copy it will give back: without enough {word.toLowerCase()}{' '}
        shares {recovery ? 'no one can run the operations that need them' : 'this Vault can never be unsealed'}. Give each share to a
        different person, and keep the root token safe (or revoke it once you have other ways in).
      </div>
      <div class="card">
        <DownloadButton data={JSON.stringify(keys, null, 2)} filename="vault-init-keys.json">
          Download keys (JSON)
        </DownloadButton>
        <ol class="keys">
          {shares.map((k, i) => (
            <li key={i}>
              <span class="key-label">
                {word} {i + 1}
              </span>
              <code class="secret" data-testid="key-share">
                {k}
              </code>
              <CopyButton text={k} label={`Copy ${word.toLowerCase()} ${i + 1}`} />
              {shares64[i] ? <code class="secret b64">{shares64[i]}</code> : null}
            </li>
          ))}
        </ol>
        <p class="key-label">Initial root token</p>
        <p>
          <code class="secret" data-testid="root-token">
            {keys.root_token}
          </code>{' '}
          <CopyButton text={keys.root_token} label="Copy the root token" />
        </p>
        <div class="check">
          <input id="keys-saved" type="checkbox" checked={saved} onChange={(e) => setSaved((e.currentTarget as HTMLInputElement).checked)} />
          <label for="keys-saved">I have saved the keys and the root token</label>
        </div>
        <button type="button" class="primary" disabled={!saved} onClick={onDone}>
          Continue
        </button>
      </div>
    </section>
  );
}
