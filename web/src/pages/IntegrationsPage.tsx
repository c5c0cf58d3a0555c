import { useQuery } from 'urql';
import { CATALOG } from '../api/documents';
import type { CatalogSection } from '../api/types';
import { ProviderCard } from '../components/ProviderCard';
import { errorMessage } from '../components/errors';
import { useLocation } from '../router';

/** What the Shopify install's callback says when it sends the browser back (FRONTEND_URL?install=…). */
function InstallOutcome() {
  const { search } = useLocation();
  const install = search.get('install');
  if (!install) return null;
  const shop = search.get('shop');
  return install === 'success' ? (
    <p className="notice" role="status">
      {search.get('provider') ?? 'The app'} is installed{shop ? ` on ${shop}` : ''}: its first sync has started.
    </p>
  ) : (
    <p className="error" role="alert">
      The install did not complete ({search.get('reason') ?? 'unknown reason'}). Start it again from the card.
    </p>
  );
}

/** Every integration screen, drawn from integrationCatalog alone: a provider the server adds appears here unchanged. */
export function IntegrationsPage() {
  const [{ data, error, fetching }, refetch] = useQuery<{ integrationCatalog: { sections: CatalogSection[] } }>({ query: CATALOG });
  const changed = () => refetch({ requestPolicy: 'network-only' });
  return (
    <section aria-labelledby="integrations-title">
      <h1 id="integrations-title">Integrations</h1>
      <InstallOutcome />
      {error && (
        <p className="error" role="alert">
          {errorMessage(error)}
        </p>
      )}
      {fetching && !data && <p aria-busy="true">Loading the catalog…</p>}
      {data?.integrationCatalog.sections.map((section) => (
        <section key={section.id} className="catalog-section" aria-labelledby={`section-${section.id}`}>
          <h2 id={`section-${section.id}`}>{section.title}</h2>
          <div className="cards">
            {section.providers.map((p) => (
              <ProviderCard key={p.id} provider={p} onChanged={changed} />
            ))}
          </div>
        </section>
      ))}
    </section>
  );
}
