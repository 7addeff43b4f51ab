/**
 * The shell: reads sys/seal-status, shows the gate the server's state asks for (init → the keys
 * once → unseal → login), then the routed page from pages/registry.ts with the navigation.
 */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ApiClient, ApiError, errorMessages } from './api/client.js';
import { auth, sys, type InitResponse, type SealStatusResponse, type TokenSelf } from './api/sys.js';
import { ErrorList } from './components/error-list.js';
import { InitKeys } from './pages/init-keys.js';
import { InitPage } from './pages/init.js';
import { LoginPage } from './pages/login.js';
import { DEFAULT_PAGE, PAGES, findPage } from './pages/registry.js';
import type { PageProps } from './pages/types.js';
import { UnsealPage } from './pages/unseal.js';
import { href, useRoute } from './router.js';
import { session } from './session.js';

export function App() {
  const api = useMemo(() => new ApiClient(() => session.token()), []);
  const route = useRoute();
  const [status, setStatus] = useState<SealStatusResponse | undefined>();
  const [statusErrors, setStatusErrors] = useState<string[]>([]);
  const [token, setToken] = useState(session.token());
  const [self, setSelf] = useState<TokenSelf | undefined>();
  const [keys, setKeys] = useState<InitResponse | undefined>();

  const refresh = useCallback(async () => {
    try {
      setStatus(await sys.sealStatus(api));
      setStatusErrors([]);
    } catch (err) {
      setStatusErrors(errorMessages(err));
    }
  }, [api]);

  useEffect(() => {
    void refresh();
    return session.subscribe(setToken);
  }, [refresh]);

  const unsealed = status !== undefined && status.initialized && !status.sealed;
  useEffect(() => {
    if (!token || !unsealed) {
      setSelf(undefined);
      return;
    }
    auth.lookupSelf(api).then(setSelf, (err: unknown) => {
      // A token the server no longer knows (revoked, expired, a re-initialised server): sign out.
      if (err instanceof ApiError && err.status === 403) session.logout();
    });
  }, [api, token, unsealed]);

  useEffect(() => {
    document.title = `${status?.sealed === false ? route.page || DEFAULT_PAGE : 'Vault'} · tsvault`;
  }, [status, route]);

  if (!status) {
    return (
      <Shell>
        {statusErrors.length > 0 ? <ErrorList errors={statusErrors} title="The server's status could not be read" /> : <p aria-live="polite">Loading…</p>}
      </Shell>
    );
  }
  const props: PageProps = { api, status, refresh, route, ...(self ? { self } : {}) };
  let body;
  if (keys) {
    body = (
      <InitKeys
        keys={keys}
        onDone={() => {
          setKeys(undefined);
          void refresh();
        }}
      />
    );
  } else if (!status.initialized) body = <InitPage {...props} onInitialized={setKeys} />;
  else if (status.sealed) body = <UnsealPage {...props} />;
  else if (!token) body = <LoginPage {...props} />;
  else {
    const page = findPage(route.page || DEFAULT_PAGE);
    body = page ? <page.component {...props} /> : <NotFound id={route.page} />;
  }
  return (
    <Shell nav={unsealed && !!token && !keys} current={route.page || DEFAULT_PAGE}>
      <ErrorList errors={statusErrors} title="The server's status could not be read" />
      {body}
    </Shell>
  );
}

function NotFound({ id }: { id: string }) {
  return (
    <section aria-labelledby="nf-title">
      <h1 id="nf-title">No such page</h1>
      <p>
        There is no page “{id}”. <a href={href(DEFAULT_PAGE)}>Go to the status page</a>.
      </p>
    </section>
  );
}

function Shell({ children, nav = false, current }: { children: ComponentChildren; nav?: boolean; current?: string }) {
  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(e) => {
          // The hash is the route: move the focus without touching it.
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header class="top">
        <span class="brand">tsvault</span>
        {nav ? (
          <nav aria-label="Main">
            <ul>
              {PAGES.filter((p) => p.nav).map((p) => (
                <li key={p.id}>
                  <a href={href(p.id)} aria-current={p.id === current ? 'page' : undefined}>
                    {p.title}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        {nav ? (
          <button type="button" class="small" onClick={() => session.logout()}>
            Sign out
          </button>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
