import { useCallback, useEffect, useMemo, useState } from 'react';
import { Provider } from 'urql';
import { createApiClient, createWs } from './api/client';
import { forgetToken, readToken, saveToken, tokenClaims } from './api/session';
import { Link, navigate, useLocation } from './router';
import { SignIn } from './pages/SignIn';
import { IntegrationsPage } from './pages/IntegrationsPage';
import { OrdersPage } from './pages/OrdersPage';
import { OrderPage } from './pages/OrderPage';
import { ProfitPage } from './pages/ProfitPage';
import { ShipmentsPage } from './pages/ShipmentsPage';

const PAGES = [
  { path: '/integrations', label: 'Integrations' },
  { path: '/orders', label: 'Orders' },
  { path: '/profit', label: 'Profit' },
  { path: '/shipments', label: 'Shipments' },
];

/** Whether this server serves the API explorer (development and demo, never production). */
function useExplorer(): boolean {
  const [served, setServed] = useState(false);
  useEffect(() => {
    fetch('/explorer', { method: 'HEAD' }).then(
      (res) => setServed(res.ok),
      () => setServed(false),
    );
  }, []);
  return served;
}

export function App() {
  const [token, setToken] = useState(readToken);
  const signIn = (value: string) => {
    saveToken(value);
    setToken(readToken());
  };
  const [notice, setNotice] = useState<string | null>(null);
  const signOut = useCallback(() => {
    forgetToken();
    setToken(null);
    setNotice(null);
  }, []);
  const refused = useCallback(() => {
    signOut();
    setNotice('The server refused the token (expired, or made for another server): sign in with a new one.');
  }, [signOut]);
  return token ? <Console key={token} token={token} onSignOut={signOut} onRefused={refused} /> : <SignIn onToken={signIn} notice={notice} />;
}

function Console({ token, onSignOut, onRefused }: { token: string; onSignOut: () => void; onRefused: () => void }) {
  const ws = useMemo(() => createWs(token), [token]);
  const client = useMemo(() => createApiClient(token, ws, onRefused), [token, ws, onRefused]);
  useEffect(() => () => void ws.dispose(), [ws]);
  // The server closed the socket for an expired or refused token: sign in again.
  useEffect(
    () => ws.on('closed', (event) => ((event as CloseEvent).code === 4401 || (event as CloseEvent).code === 4403 ? onRefused() : undefined)),
    [ws, onRefused],
  );
  const { path } = useLocation();
  const explorer = useExplorer();
  const seller = tokenClaims(token)?.sub;

  useEffect(() => {
    if (path === '/' || path === '') navigate(`/integrations${window.location.search}`);
  }, [path]);

  return (
    <Provider value={client}>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand" aria-label="Sutra">
          Sutra
        </span>
        <nav aria-label="Pages">
          <ul>
            {PAGES.map((p) => (
              <li key={p.path}>
                <Link href={p.path} aria-current={path.startsWith(p.path) ? 'page' : undefined}>
                  {p.label}
                </Link>
              </li>
            ))}
            {explorer && (
              <li>
                <a href="/explorer">API explorer</a>
              </li>
            )}
          </ul>
        </nav>
        <span className="who">
          {seller && <span title="signed in as">{seller}</span>}
          <button type="button" className="link" onClick={onSignOut}>
            Sign out
          </button>
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        <Page path={path} />
      </main>
    </Provider>
  );
}

function Page({ path }: { path: string }) {
  const order = /^\/orders\/([^/]+)$/.exec(path);
  if (order) return <OrderPage id={decodeURIComponent(order[1]!)} />;
  if (path.startsWith('/orders')) return <OrdersPage />;
  if (path.startsWith('/profit')) return <ProfitPage />;
  if (path.startsWith('/shipments')) return <ShipmentsPage />;
  if (path.startsWith('/integrations') || path === '/') return <IntegrationsPage />;
  return (
    <section>
      <h1>Not found</h1>
      <p>
        This console has no page at {path}. <Link href="/integrations">Go to the integrations</Link>.
      </p>
    </section>
  );
}
