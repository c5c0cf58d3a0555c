import { useState } from 'react';
import { useClient } from 'urql';
import { actionDocument, takesArgument } from '../api/operations';
import type { CatalogProvider, ProviderAction, ProviderStatus } from '../api/types';
import { when } from '../format';
import { ConnectForm } from './ConnectForm';
import { ProviderIcon } from './ProviderIcon';
import { StatusBadge } from './StatusBadge';
import { SyncPanel } from './SyncPanel';
import { errorMessage } from './errors';

interface StartedJob {
  id: string;
  title: string;
}

/** A provider's card: its accounts with their state, its setup steps, its connect form and its buttons, all from the catalog. */
export function ProviderCard({ provider, onChanged }: { provider: CatalogProvider; onChanged: () => void }) {
  const [formOpen, setFormOpen] = useState(false);
  const [jobs, setJobs] = useState<StartedJob[]>([]);
  const connected = provider.accounts.filter((a) => a.state !== 'NOT_CONNECTED');
  const headingId = `provider-${provider.id}`;
  return (
    <article className="card" aria-labelledby={headingId} data-provider={provider.id} style={{ borderTopColor: provider.color }}>
      <header className="card-head">
        <ProviderIcon name={provider.name} icon={provider.icon} color={provider.color} />
        <h3 id={headingId}>{provider.name}</h3>
        {connected.length === 0 && <StatusBadge state="NOT_CONNECTED" />}
      </header>
      {connected.length > 0 && (
        <ul className="accounts" aria-label={`${provider.name} accounts`}>
          {connected.map((account) => (
            <AccountRow
              key={account.channelAccountId ?? account.providerId}
              provider={provider}
              account={account}
              several={connected.length > 1}
              onJob={(job) => setJobs((j) => [job, ...j.filter((x) => x.id !== job.id)])}
              onChanged={onChanged}
            />
          ))}
        </ul>
      )}
      {jobs.map((job) => (
        <SyncPanel key={job.id} jobId={job.id} title={job.title} onEnded={onChanged} />
      ))}
      <details className="steps">
        <summary>How to connect {provider.name}</summary>
        <ol>
          {provider.setupSteps.map((step, i) => (
            <li key={i}>{step}</li>
          ))}
        </ol>
      </details>
      {formOpen ? (
        <>
          <ConnectForm
            provider={provider}
            onConnected={(keepOpen) => {
              if (!keepOpen) setFormOpen(false);
              onChanged();
            }}
          />
          <button type="button" className="link" onClick={() => setFormOpen(false)}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" onClick={() => setFormOpen(true)} aria-expanded={false}>
          {connected.length ? `Connect another ${provider.name} account` : `Connect ${provider.name}`}
        </button>
      )}
    </article>
  );
}

function AccountRow({
  provider,
  account,
  several,
  onJob,
  onChanged,
}: {
  provider: CatalogProvider;
  account: ProviderStatus;
  several: boolean;
  onJob: (job: StartedJob) => void;
  onChanged: () => void;
}) {
  return (
    <li className="account">
      <div>
        <StatusBadge state={account.state} /> <span className="account-name">{account.accountName ?? provider.name}</span>
        {account.lastSyncAt && (
          <span className="muted">
            {' '}
            · last sync {when(account.lastSyncAt)}
            {account.lastSyncStatus ? ` (${account.lastSyncStatus.toLowerCase()})` : ''}
          </span>
        )}
      </div>
      {account.error && <p className="error">{account.error}</p>}
      <div className="actions">
        {provider.actions.map((action) => (
          <ActionButton key={action.id} provider={provider} action={action} account={several ? account : null} onJob={onJob} onChanged={onChanged} />
        ))}
      </div>
    </li>
  );
}

/**
 * A catalog button: the operation the catalog names, with its variables (and the account's id when
 * the seller has several and the operation takes one). A button this version does not serve is
 * shown disabled with the catalog's reason beside it.
 */
function ActionButton({
  provider,
  action,
  account,
  onJob,
  onChanged,
}: {
  provider: CatalogProvider;
  action: ProviderAction;
  account: ProviderStatus | null;
  onJob: (job: StartedJob) => void;
  onChanged: () => void;
}) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ error: boolean; text: string } | null>(null);
  const reasonId = `${provider.id}-${action.id}-${account?.channelAccountId ?? 'all'}-why`;

  const press = async () => {
    setOutcome(null);
    let document;
    const variables: Record<string, unknown> = { ...action.variables };
    // With several accounts, the button acts on its own row's, when the operation takes one.
    if (account?.channelAccountId && takesArgument(action.operation, 'channelAccountId')) variables.channelAccountId = account.channelAccountId;
    try {
      document = actionDocument(action.operation, variables);
    } catch (err) {
      return setOutcome({ error: true, text: (err as Error).message });
    }
    if (action.operation.startsWith('disconnect') && !window.confirm(`${action.label} ${account?.accountName ?? provider.name}? Its synced history is kept.`))
      return;
    setBusy(true);
    const run =
      document.kind === 'mutation' ? client.mutation(document.query, variables) : client.query(document.query, variables, { requestPolicy: 'network-only' });
    const result = await run.toPromise();
    setBusy(false);
    if (result.error) return setOutcome({ error: true, text: errorMessage(result.error)! });
    const answer = (result.data as Record<string, unknown>)[action.operation];
    if (document.returns === 'SyncJob') {
      const started = (Array.isArray(answer) ? answer : [answer]) as Array<{ id: string; providerId: string }>;
      for (const job of started)
        onJob({ id: job.id, title: `${action.label} · ${job.providerId === provider.id ? (account?.accountName ?? provider.name) : job.providerId}` });
      if (!started.length) setOutcome({ error: false, text: 'Nothing to sync' });
    } else {
      setOutcome({ error: false, text: `${action.label}: done` });
    }
    onChanged();
  };

  return (
    <span className="action">
      <button
        type="button"
        onClick={action.available ? press : undefined}
        disabled={busy}
        aria-disabled={!action.available || undefined}
        className={action.available ? undefined : 'unavailable'}
        aria-describedby={action.available ? undefined : reasonId}
      >
        {action.label}
      </button>
      {!action.available && (
        <span id={reasonId} className="muted why">
          {action.unavailableReason}
        </span>
      )}
      {outcome && (
        <span className={outcome.error ? 'error' : 'muted'} role={outcome.error ? 'alert' : 'status'}>
          {outcome.text}
        </span>
      )}
    </span>
  );
}
