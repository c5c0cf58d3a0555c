import { useId, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { CONNECT } from '../api/documents';
import { actionDocument } from '../api/operations';
import type { CatalogProvider, ProviderStatus, SetupFormField } from '../api/types';
import { errorMessage, fieldErrors } from './errors';

type Values = Record<string, string>;

/** The browser's check of one field: the same rules the server applies first (required, the field's pattern). */
export function checkField(field: SetupFormField, value: string): string | null {
  const v = value.trim();
  if (!v) return field.required ? `${field.label} is required` : null;
  if (field.type === 'EMAIL' && !/^[^\s@]+@[^\s@]+$/.test(v)) return `${field.label} must be an email address`;
  if (field.type === 'URL' && !URL.canParse(v)) return `${field.label} must be a URL`;
  if (field.type === 'SELECT' && field.options && !field.options.includes(v)) return `${field.label} must be one of ${field.options.join(', ')}`;
  // The server compiles the same pattern with RegExp (no flags): the browser checks it the same way.
  if (field.pattern && !new RegExp(field.pattern).test(v))
    return `${field.label} is not in the expected format${field.placeholder ? `; it looks like ${field.placeholder}` : ''}`;
  return null;
}

interface Connected {
  connectProvider: { status: ProviderStatus; push: { url: string; token: string; header: string } | null };
}

/**
 * A provider's connect form, drawn from its setupFormFields: secrets masked, the patterns checked
 * here, the server's field errors shown on the field they name. A provider with an OAuth install
 * (Shopify) also offers it, with the field the catalog names (queryKey).
 */
export function ConnectForm({ provider, onConnected }: { provider: CatalogProvider; onConnected: (keepOpen: boolean) => void }) {
  const id = useId();
  const [values, setValues] = useState<Values>(() => Object.fromEntries(provider.setupFormFields.map((f) => [f.key, f.options?.[0] ?? ''])));
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [connecting, connect] = useMutation<Connected>(CONNECT);
  const [installing, install] = useMutation<Record<string, { authorizeUrl: string } | undefined>>(
    provider.oauth ? actionDocument(provider.oauth.mutation, { providerId: '', [provider.oauth.queryKey]: '' }).query : 'mutation { __typename }',
  );
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [push, setPush] = useState<Connected['connectProvider']['push']>(null);

  const clientErrors = Object.fromEntries(provider.setupFormFields.map((f) => [f.key, checkField(f, values[f.key] ?? '')]));
  const errorOf = (key: string) => serverErrors[key] ?? (touched[key] ? clientErrors[key] : null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(Object.fromEntries(provider.setupFormFields.map((f) => [f.key, true])));
    setFormError(null);
    const firstBad = provider.setupFormFields.find((f) => clientErrors[f.key]);
    if (firstBad) {
      document.getElementById(`${id}-${firstBad.key}`)?.focus();
      return;
    }
    const credentials = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''));
    const result = await connect({ providerId: provider.id, credentials });
    const byField = fieldErrors(result.error);
    setServerErrors(byField);
    if (result.error) {
      const first = Object.keys(byField)[0];
      if (first) document.getElementById(`${id}-${first}`)?.focus();
      else setFormError(errorMessage(result.error));
      return;
    }
    const pushed = result.data?.connectProvider.push ?? null;
    setPush(pushed);
    // A push endpoint's token is shown once: the form stays open to show it.
    onConnected(!!pushed);
  };

  const beginInstall = async () => {
    const oauth = provider.oauth!;
    const key = oauth.queryKey;
    const field = provider.setupFormFields.find((f) => f.key === key);
    setTouched((t) => ({ ...t, [key]: true }));
    if (field && clientErrors[key]) return document.getElementById(`${id}-${key}`)?.focus();
    const result = await install({ providerId: provider.id, [key]: values[key]?.trim() ?? '' });
    const url = result.data?.[oauth.mutation]?.authorizeUrl;
    if (result.error || !url) {
      const byField = fieldErrors(result.error);
      setServerErrors(byField);
      if (!byField[key]) setFormError(errorMessage(result.error) ?? 'The install did not start');
      return;
    }
    // To the provider's consent screen; its callback brings the browser back here (FRONTEND_URL).
    window.location.assign(url);
  };

  return (
    <form className="connect" onSubmit={submit} noValidate aria-label={`Connect ${provider.name}`}>
      {provider.setupFormFields.map((field) => {
        const error = errorOf(field.key);
        const inputId = `${id}-${field.key}`;
        const described = [field.helpText ? `${inputId}-help` : '', error ? `${inputId}-error` : ''].filter(Boolean).join(' ') || undefined;
        const common = {
          id: inputId,
          name: field.key,
          required: field.required,
          value: values[field.key] ?? '',
          'aria-invalid': error ? true : undefined,
          'aria-describedby': described,
          onChange: (e: { target: { value: string } }) => {
            setValues((v) => ({ ...v, [field.key]: e.target.value }));
            setServerErrors(({ [field.key]: _gone, ...rest }) => rest);
          },
          onBlur: () => setTouched((t) => ({ ...t, [field.key]: true })),
        };
        return (
          <div className="field" key={field.key}>
            <label htmlFor={inputId}>
              {field.label}
              {field.required && <span aria-hidden="true"> *</span>}
            </label>
            {field.type === 'SELECT' ? (
              <select {...common}>
                {(field.options ?? []).map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            ) : (
              <input
                {...common}
                type={field.secret || field.type === 'PASSWORD' ? 'password' : field.type === 'EMAIL' ? 'email' : field.type === 'URL' ? 'url' : 'text'}
                placeholder={field.placeholder ?? undefined}
                autoComplete={field.secret ? 'new-password' : 'off'}
                spellCheck={false}
              />
            )}
            {field.helpText && (
              <p id={`${inputId}-help`} className="help">
                {field.helpText}
              </p>
            )}
            {error && (
              <p id={`${inputId}-error`} className="error field-error" data-field={field.key}>
                {error}
              </p>
            )}
          </div>
        );
      })}
      {formError && (
        <p className="error" role="alert">
          {formError}
        </p>
      )}
      <div className="buttons">
        {provider.oauth && (
          <button
            type="button"
            onClick={beginInstall}
            disabled={!provider.oauth.available || installing.fetching}
            title={provider.oauth.unavailableReason ?? undefined}
          >
            Install through {provider.name}
          </button>
        )}
        <button type="submit" disabled={connecting.fetching}>
          {connecting.fetching ? 'Connecting…' : `Connect ${provider.name}`}
        </button>
      </div>
      {provider.oauth && !provider.oauth.available && <p className="help">{provider.oauth.unavailableReason}</p>}
      {push && (
        <div className="push" role="status">
          <p>
            {provider.name} sends its data to Sutra. Give {provider.name} this address and token now: the token is shown only once.
          </p>
          <dl>
            <dt>Push URL</dt>
            <dd>
              <code>{push.url}</code>
            </dd>
            <dt>Token ({push.header} header)</dt>
            <dd>
              <code>{push.token}</code>
            </dd>
          </dl>
        </div>
      )}
    </form>
  );
}
