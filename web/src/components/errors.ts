import type { CombinedError } from '@urql/core';

/** What the server said, in its words: the first GraphQL error's message, or the network's. */
export function errorMessage(error: CombinedError | Error | null | undefined): string | null {
  if (!error) return null;
  if ('graphQLErrors' in error && error.graphQLErrors.length) return error.graphQLErrors.map((e) => e.message).join('; ');
  if ('networkError' in error && error.networkError) return `The server could not be reached: ${error.networkError.message}`;
  return error.message;
}

/** The field errors of a refused connect form (extensions.fields), by field key. */
export function fieldErrors(error: CombinedError | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of error?.graphQLErrors ?? []) {
    const fields = e.extensions?.fields as Array<{ field: string; message: string }> | undefined;
    for (const f of fields ?? []) out[f.field] ??= f.message;
    const field = e.extensions?.field;
    if (!fields && typeof field === 'string' && field !== 'providerId') out[field] ??= e.message;
  }
  return out;
}
