import { useId, useState, type FormEvent } from 'react';
import { tokenClaims } from '../api/session';

/** The console signs in with a bearer token: `npm run token -- <userId>` in development; the demo's address carries one. */
export function SignIn({ onToken, notice }: { onToken: (token: string) => void; notice?: string | null }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const token = value.trim();
    if (!tokenClaims(token)) return setError('This is not a token: paste the whole line npm run token printed (three parts separated by dots).');
    const exp = tokenClaims(token)?.exp;
    if (exp && exp * 1000 < Date.now()) return setError('This token has expired: make a new one.');
    onToken(token);
  };
  return (
    <main id="main" className="signin">
      <h1>Sign in to Sutra</h1>
      {notice && (
        <p className="error" role="alert">
          {notice}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-token`}>Bearer token</label>
          <textarea
            id={`${id}-token`}
            name="token"
            rows={4}
            spellCheck={false}
            autoComplete="off"
            value={value}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-help${error ? ` ${id}-error` : ''}`}
            onChange={(e) => {
              setValue(e.target.value);
              setError(null);
            }}
          />
          <p id={`${id}-help`} className="help">
            In development, make one with <code>npm run token -- your-user-id</code>. <code>npm run demo</code> prints an address that signs in by itself.
          </p>
          {error && (
            <p id={`${id}-error`} className="error" role="alert">
              {error}
            </p>
          )}
        </div>
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
