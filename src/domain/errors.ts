/**
 * The errors a client is answered with, all of them: services, the provider plumbing and the
 * API's argument checks throw these, and one table (graphql/error-codes.ts) gives each its
 * code and details. They live here, below every layer that throws them, so that each is
 * declared once and the table reads one module. Errors no client ever sees (a key that will
 * not decrypt, a worker's retry) stay with the code that throws and handles them.
 */

/** A request the caller can fix by changing one argument (BAD_USER_INPUT). */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    message: string,
    /** The argument to fix. */
    readonly field: string,
  ) {
    super(message);
  }
}

/**
 * An id that names nothing this user has (NOT_FOUND). Another seller's id is answered
 * exactly the same way: the tenant-scoped reads cannot tell the two apart, and neither can the caller.
 */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
  constructor(
    message: string,
    /** The argument that held the id. */
    readonly field: string,
  ) {
    super(message);
  }
}

/**
 * No account to act on: none of the provider is connected (the providerId is what to change),
 * or several are and the caller must say which (channelAccountId). A request it can fix: BAD_USER_INPUT.
 */
export class AccountChoiceError extends Error {
  override name = 'AccountChoiceError';
  constructor(
    message: string,
    /** The argument to fix. */
    readonly field: 'providerId' | 'channelAccountId',
    /** The accounts to choose from, for the error's details. */
    readonly accounts: Array<{ id: string; displayName: string }> = [],
  ) {
    super(message);
  }
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** What a seller typed into a provider's connect form, every problem at once (BAD_USER_INPUT). */
export class CredentialInputError extends Error {
  override name = 'CredentialInputError';
  constructor(
    readonly problems: FieldProblem[],
    providerName: string,
  ) {
    super(`Check the ${providerName} fields: ${problems.map((p) => p.message).join('; ')}`);
  }
}

/** A provider id the registry does not know: the caller can fix it (the message lists the known ones). */
export class UnknownProviderError extends Error {
  override name = 'UnknownProviderError';
  constructor(
    id: string,
    known: readonly string[],
    /** The argument that named it: `providerId`, or `filter.providerId` in a filter. */
    readonly field = 'providerId',
  ) {
    super(`Unknown provider "${id}". Known providers: ${known.join(', ')}`);
  }
}

export type ProviderErrorKind =
  /** The provider refused the credentials: the seller must fix or reconnect them. */
  | 'auth'
  /** The provider refused the request itself (4xx): retrying will not help. */
  | 'request'
  /** The provider did not answer usefully after retries (5xx, 429, timeouts). */
  | 'unavailable';

/** What a provider's API answered instead of what was asked, in words the seller can act on. */
export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    readonly providerId: string,
    readonly kind: ProviderErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** An operation of the contract this version does not serve yet (NOT_IMPLEMENTED). */
export class NotImplementedError extends Error {
  override name = 'NotImplementedError';
  /** `what` names the missing thing: "Delhivery shipment tracking", "profitSummary". */
  constructor(what: string) {
    super(NotImplementedError.reason(what));
  }

  /** The words for what this version does not do yet, wherever they are shown (the catalog's greyed-out actions too). */
  static reason(what: string): string {
    return `${what} is not available yet in this version of Sutra`;
  }
}
