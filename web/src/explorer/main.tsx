import { StrictMode, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
// Monaco's workers, bundled by Vite: the explorer loads nothing from outside this server.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createWs, graphqlUrl } from '../api/client';
import { adoptTokenFromUrl, readToken, saveToken } from '../api/session';
import './explorer.css';

const EXAMPLE = `# Sutra's API. Subscriptions run over graphql-ws with the same token.
subscription Progress {
  syncProgress { jobId providerId status processed total message }
}
`;

/** The API explorer (development and demo only): GraphiQL with the console's token, subscriptions over graphql-ws. */
function Explorer() {
  const [token, setToken] = useState(readToken);
  const [draft, setDraft] = useState('');
  const fetcher = useMemo(
    () => (token ? createGraphiQLFetcher({ url: graphqlUrl(), headers: { authorization: `Bearer ${token}` }, wsClient: createWs(token) }) : undefined),
    [token],
  );
  if (!token || !fetcher)
    return (
      <main className="explorer-signin">
        <h1>Sutra API explorer</h1>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            saveToken(draft);
            setToken(readToken());
          }}
        >
          <label htmlFor="token">Bearer token (from npm run token, or sign in to the console first)</label>
          <textarea id="token" rows={4} value={draft} onChange={(e) => setDraft(e.target.value)} spellCheck={false} />
          <button type="submit">Open the explorer</button>
        </form>
      </main>
    );
  // ?query=… opens with that document (a link from the docs or a test).
  const initialQuery = new URLSearchParams(window.location.search).get('query') ?? undefined;
  return <GraphiQL fetcher={fetcher} initialQuery={initialQuery} defaultQuery={EXAMPLE} />;
}

adoptTokenFromUrl();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Explorer />
  </StrictMode>,
);
