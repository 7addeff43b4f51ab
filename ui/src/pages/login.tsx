/**
 * Login (unsealed, no token in this tab): a token, or userpass / AppRole on their mount. The server
 * lists the auth mounts it shows anonymous callers (sys/internal/ui/mounts, listing_visibility =
 * "unauth"); those fill the mount field, and any mount path can be typed. A token is checked with
 * lookup-self before it is kept; the server's message is shown when it is refused.
 */
import { useEffect, useState } from 'preact/hooks';
import { auth, sys, type UiMount } from '../api/sys.js';
import { ErrorList } from '../components/error-list.js';
import { Field } from '../components/field.js';
import { submitTo, useAction } from '../components/use-action.js';
import { session } from '../session.js';
import type { PageProps } from './types.js';

type Method = 'token' | 'userpass' | 'approle';
const METHODS: { id: Method; label: string }[] = [
  { id: 'token', label: 'Token' },
  { id: 'userpass', label: 'Username & password' },
  { id: 'approle', label: 'AppRole' },
];

export function LoginPage({ api }: PageProps) {
  const [method, setMethod] = useState<Method>('token');
  const [mounts, setMounts] = useState<Record<string, UiMount>>({});
  // A mount path typed by hand; until then (and again after a change of method) the field shows the
  // method's listed mount or its default path, worked out at render so a late list cannot overwrite
  // what was typed and a change of method shows its path in the same render.
  const [typedMount, setTypedMount] = useState<string | undefined>();
  const [token, setToken] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [roleId, setRoleId] = useState('');
  const [secretId, setSecretId] = useState('');

  useEffect(() => {
    sys.visibleAuthMounts(api).then(setMounts, () => setMounts({}));
  }, [api]);
  const listed = Object.entries(mounts).find(([, m]) => m.type === method)?.[0];
  const mount = typedMount ?? (listed ?? `${method}/`).replace(/\/$/, '');

  const login = useAction(async () => {
    if (method === 'token') {
      await auth.lookupSelf(api, token.trim());
      session.login(token.trim());
      return;
    }
    const path = mount.replace(/^\/+|\/+$/g, '');
    const result = method === 'userpass' ? await auth.userpass(api, path, user, password) : await auth.approle(api, path, roleId, secretId);
    session.login(result.client_token);
  });

  return (
    <section aria-labelledby="login-title">
      <h1 id="login-title">Sign in to Vault</h1>
      <form
        class="card"
        onSubmit={submitTo(login)}
      >
        <fieldset class="methods">
          <legend>Method</legend>
          {METHODS.map((m) => (
            <label key={m.id} class="radio">
              <input type="radio" name="method" value={m.id} checked={method === m.id} onChange={() => {
                  setTypedMount(undefined);
                  setMethod(m.id);
                }} />
              {m.label}
              {m.id !== 'token' && Object.values(mounts).some((x) => x.type === m.id) ? ' (enabled)' : ''}
            </label>
          ))}
        </fieldset>
        {method === 'token' ? (
          <Field id="token" label="Token" type="password" autoComplete="off" required value={token} onValue={setToken} />
        ) : (
          <Field id="mount" label="Mount path" required value={mount} onValue={(v) => {
            setTypedMount(v);
          }} hint="Where the method is enabled (auth/<path>)." />
        )}
        {method === 'userpass' ? (
          <>
            <Field id="username" label="Username" autoComplete="username" required value={user} onValue={setUser} />
            <Field id="password" label="Password" type="password" autoComplete="current-password" required value={password} onValue={setPassword} />
          </>
        ) : null}
        {method === 'approle' ? (
          <>
            <Field id="role-id" label="Role ID" autoComplete="off" required value={roleId} onValue={setRoleId} />
            <Field id="secret-id" label="Secret ID" type="password" autoComplete="off" value={secretId} onValue={setSecretId} />
          </>
        ) : null}
        <ErrorList errors={login.errors} />
        <button type="submit" class="primary" disabled={login.busy}>
          Sign in
        </button>
        <p class="hint">The token is kept in this tab's session storage only and is forgotten when the tab closes.</p>
      </form>
    </section>
  );
}
