/**
 * One transit key: type, versions (latest, minimum for decryption and encryption, each version's
 * creation time), Rotate behind a confirmation, and, for a key that encrypts, a form that encrypts
 * a text and one that decrypts a ciphertext (shown as text when it is UTF-8, as base64 otherwise).
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Decrypted } from '../api/base64.js';
import { errorMessages, type ApiClient } from '../api/client.js';
import { keyVersions, transit, type TransitKey } from '../api/transit.js';
import { ConfirmAction } from '../components/confirm-action.js';
import { ErrorList } from '../components/error-list.js';
import { Facts } from '../components/facts.js';
import { CopyButton } from '../components/secret-actions.js';
import { submitTo, useAction } from '../components/use-action.js';
import { href } from '../router.js';

interface Props {
  api: ApiClient;
  mount: string;
  name: string;
}

export function TransitKeyPage({ api, mount, name }: Props) {
  const [key, setKey] = useState<TransitKey | undefined>();
  const [errors, setErrors] = useState<string[]>([]);
  const load = useCallback(async () => {
    try {
      setKey(await transit.readKey(api, mount, name));
      setErrors([]);
    } catch (e) {
      setErrors(errorMessages(e));
    }
  }, [api, mount, name]);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section aria-labelledby="key-title">
      <p class="crumbs">
        <a href={href('transit')}>Transit</a> / <a href={href('transit', mount)}>{mount}/</a> / {name}
      </p>
      <h1 id="key-title">Key {name}</h1>
      <ErrorList errors={errors} />
      {key ? (
        <>
          <div class="card">
            <Facts
              label="Key"
              rows={[
                ['Type', key.type],
                ['Latest version', <span data-testid="latest-version">{key.latest_version}</span>],
                ['Min. decryption version', key.min_decryption_version],
                ['Min. encryption version', key.min_encryption_version === 0 ? '0 (latest)' : key.min_encryption_version],
                ['Deletion allowed', key.deletion_allowed ? 'yes' : 'no'],
              ]}
            />
            <h2>Versions</h2>
            <table class="versions">
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {keyVersions(key).map((v) => (
                  <tr key={v.version}>
                    <td>{v.version}</td>
                    <td>{v.created}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <ConfirmAction
              id="rotate-confirm"
              label="Rotate"
              question={`Rotate ${name}? A new version ${key.latest_version + 1} will encrypt from now on; older versions still decrypt.`}
              confirm="Yes, rotate"
              action={async () => {
                await transit.rotate(api, mount, name);
                await load();
              }}
            />
          </div>
          {key.supports_encryption ? <EncryptDecrypt api={api} mount={mount} name={name} /> : null}
        </>
      ) : null}
    </section>
  );
}

function EncryptDecrypt({ api, mount, name }: Props) {
  const [text, setText] = useState('');
  const [ciphertext, setCiphertext] = useState<string | undefined>();
  const [input, setInput] = useState('');
  const [plain, setPlain] = useState<Decrypted | undefined>();
  const encrypt = useAction(async () => {
    setCiphertext(undefined);
    setCiphertext((await transit.encrypt(api, mount, name, text)).ciphertext);
  });
  const decrypt = useAction(async () => {
    setPlain(undefined);
    setPlain(await transit.decrypt(api, mount, name, input));
  });
  return (
    <div class="card">
      <form
        aria-labelledby="encrypt-title"
        onSubmit={submitTo(encrypt)}
      >
        <h2 id="encrypt-title">Encrypt</h2>
        <div class="field">
          <label for="plaintext">Plaintext</label>
          <textarea id="plaintext" rows={3} spellcheck={false} value={text} onInput={(e) => setText(e.currentTarget.value)} aria-describedby="plaintext-hint" />
          <p class="hint" id="plaintext-hint">
            Sent as base64 of its UTF-8 bytes; nothing is stored.
          </p>
        </div>
        <ErrorList errors={encrypt.errors} />
        <button type="submit" class="primary" disabled={encrypt.busy}>
          Encrypt
        </button>
        {ciphertext ? (
          <p class="result">
            <span class="key-label">Ciphertext</span>
            <output class="secret" data-testid="ciphertext" for="plaintext">
              {ciphertext}
            </output>
            <CopyButton text={ciphertext} label="Copy the ciphertext" />
          </p>
        ) : null}
      </form>
      <form
        aria-labelledby="decrypt-title"
        onSubmit={submitTo(decrypt)}
      >
        <h2 id="decrypt-title">Decrypt</h2>
        <div class="field">
          <label for="ciphertext-input">Ciphertext</label>
          <textarea id="ciphertext-input" rows={3} spellcheck={false} value={input} onInput={(e) => setInput(e.currentTarget.value)} />
        </div>
        <ErrorList errors={decrypt.errors} />
        <div class="buttons">
          <button type="submit" class="primary" disabled={decrypt.busy}>
            Decrypt
          </button>
          {ciphertext ? (
            <button type="button" onClick={() => setInput(ciphertext)}>
              Use the ciphertext above
            </button>
          ) : null}
        </div>
        {plain ? (
          <p class="result">
            <span class="key-label">{plain.encoding === 'utf-8' ? 'Plaintext' : 'Plaintext (base64: the bytes are not UTF-8 text)'}</span>
            <output class="secret" data-testid="decrypted" for="ciphertext-input">
              {plain.value}
            </output>
          </p>
        ) : null}
      </form>
    </div>
  );
}
