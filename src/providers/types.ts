import type { ProviderEndpoints } from '../config.js';
import type { ChannelType, ConnectType, FieldType, ProviderKind, SyncScope } from '../domain/enums.js';
import type { Logger } from '../logger.js';

/** One input of a provider's connect form; `connectProvider` validates against these. */
export interface CredentialField {
  key: string;
  label: string;
  type: FieldType;
  required: boolean;
  /** Never echoed back by any query, never logged. */
  secret: boolean;
  placeholder?: string;
  helpText?: string;
  /** A regular expression (anchored) the value must match. */
  pattern?: string;
  options?: string[];
}

/** A button on the provider's card: which GraphQL operation it calls, with which variables. */
export interface ProviderActionDef {
  id: string;
  label: string;
  operation: string;
  variables: Record<string, unknown>;
}

export interface OAuthSpec {
  mutation: string;
  queryKey: string;
  callbackPath: string;
}

/** Everything the catalog and validation know of a provider; lives in its `definition.ts`. */
export interface ProviderDefinition {
  id: string;
  name: string;
  /** An icon name the frontend maps to artwork (e.g. "shopify"). */
  icon: string;
  /** #RRGGBB */
  color: string;
  kind: ProviderKind;
  connectType: ConnectType;
  oauth?: OAuthSpec;
  /** For commerce providers: the sales channel the account belongs to. */
  channelType?: ChannelType;
  fields: CredentialField[];
  setupSteps: string[];
  actions: ProviderActionDef[];
  /** Sync scopes `syncProvider` accepts for this provider; the first is the default. */
  syncScopes: SyncScope[];
  /** Which credential field names the account to the seller (never a secret one). */
  accountNameField?: string;
  /** Shown only as part of another provider's setup, not as a catalog card. */
  hidden?: boolean;
}

/** What a provider's code is handed: where the provider lives and where to log. */
export interface ProviderContext {
  endpoints: ProviderEndpoints;
  log: Logger;
}

/** Validated credential fields, trimmed, keyed by field key. */
export type CredentialFields = Record<string, string>;

/** What a live check learnt about the account. */
export interface CredentialCheck {
  /** What the seller recognises the account by (never a secret). */
  accountName?: string;
  /** The account's id at the provider, for the ChannelAccount of a commerce provider. */
  externalId?: string;
}

/** A provider folder's exports (its index.ts). */
export interface ProviderModule {
  definition: ProviderDefinition;
  /**
   * Checks the credentials against the provider itself where the provider lets us; throws
   * ProviderError ('auth' when the provider refused them). Absent when no check exists.
   */
  checkCredentials?(fields: CredentialFields, ctx: ProviderContext): Promise<CredentialCheck>;
}
