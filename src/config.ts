import { z } from 'zod';

/**
 * Every environment variable Sutra reads, parsed and validated in one place.
 * A missing or malformed value stops start-up with one line naming the variable.
 * The README's configuration table mirrors this file.
 */

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' }).transform((v) => v === 'true' || v === '1' || v === 'yes');

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    { message: `must be a URL (${protocols.join(', ')})` },
  );

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, { message: 'must be a whole number' })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { message: `must be between ${min} and ${max}` });

const bytes = z.string().regex(/^\d+(b|kb|mb)?$/i, { message: 'must be a size such as 512kb or 1mb' });

const schema = z
  .object({
    // Unset: production when a real database is configured (a deployment), else development.
    NODE_ENV: z.enum(['development', 'production', 'test']).optional(),
    ROLE: z.enum(['all', 'api', 'worker'], { message: 'must be all, api or worker' }).default('all'),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: int(0, 65535).default(4000),
    PUBLIC_URL: url(['http', 'https']).optional(),
    // Where a seller's browser lands after an app install (with install=success or install=error).
    FRONTEND_URL: url(['http', 'https']).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),

    DATABASE_URL: url(['postgres', 'postgresql']).optional(),
    DATABASE_POOL_MAX: int(1, 200).default(10),
    SUTRA_DATA_DIR: z.string().min(1).default('./.sutra-data'),
    MIGRATE_ON_START: bool.default(true),
    LOG_SQL: bool.default(false),

    JWT_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
    JWT_JWKS_URL: url(['http', 'https']).optional(),
    JWT_ISSUER: z.string().min(1).optional(),
    JWT_AUDIENCE: z.string().min(1).optional(),

    CREDENTIALS_KEYS: z.string().min(1).optional(),

    SHOPIFY_BASE_URL: z
      .string()
      .regex(/^https?:\/\/.*\{shop\}/, { message: 'must be a URL containing {shop}' })
      .default('https://{shop}'),
    // The deployment's Shopify app, for sellers who saved no app of their own (shopify_app credentials).
    SHOPIFY_API_KEY: z.string().min(1).optional(),
    SHOPIFY_API_SECRET: z.string().min(1).optional(),
    // The secret before the last rotation, while Shopify may still sign with it (docs/providers.md §1.2); remove it a day after.
    SHOPIFY_API_SECRET_PREVIOUS: z.string().min(1).optional(),
    SHOPIFY_SCOPES: z
      .string()
      .regex(/^[a-z_]+(,[a-z_]+)*$/, { message: 'must be comma-separated scopes such as read_orders,read_inventory' })
      .default('read_orders,read_products,read_inventory,read_locations'),
    SHOPIFY_API_VERSION: z
      .string()
      .regex(/^\d{4}-\d{2}$|^unstable$/, { message: 'must look like 2026-10' })
      .default('2026-10'),
    AMAZON_SP_API_BASE_URL: url(['http', 'https']).default('https://sellingpartnerapi-eu.amazon.com'),
    AMAZON_LWA_TOKEN_URL: url(['http', 'https']).default('https://api.amazon.com/auth/o2/token'),
    FLIPKART_BASE_URL: url(['http', 'https']).default('https://api.flipkart.net'),
    META_GRAPH_BASE_URL: url(['http', 'https']).default('https://graph.facebook.com'),
    // Meta retires a Marketing API version a few months after the next one; keep the default current (docs/providers.md §5.1).
    META_GRAPH_VERSION: z
      .string()
      .regex(/^v\d+\.\d+$/, { message: 'must look like v27.0' })
      .default('v27.0'),
    GOOGLE_ADS_BASE_URL: url(['http', 'https']).default('https://googleads.googleapis.com'),
    GOOGLE_ADS_API_VERSION: z
      .string()
      .regex(/^v\d+$/, { message: 'must look like v26' })
      .default('v26'),
    GOOGLE_OAUTH_TOKEN_URL: url(['http', 'https']).default('https://oauth2.googleapis.com/token'),
    DELHIVERY_BASE_URL: url(['http', 'https']).default('https://track.delhivery.com'),
    // A staging token works only on the staging host (docs/providers.md §7.1): connections marked staging are called here.
    DELHIVERY_STAGING_BASE_URL: url(['http', 'https']).default('https://staging-express.delhivery.com'),
    SELLOSHIP_BASE_URL: url(['http', 'https']).default('https://selloship.com/api/lock_actvs/channels'),
    PROVIDER_TIMEOUT_MS: int(1000, 300_000).default(30_000),

    REDIS_URL: url(['redis', 'rediss']).optional(),
    AGENDA_MONGO_URL: url(['mongodb', 'mongodb+srv']).optional(),
    JOB_LOCK_LIFETIME_MS: int(1000, 24 * 3600_000).default(600_000),
    ORDER_SYNC_INTERVAL: z
      .string()
      .regex(/^(off|\d+ (seconds?|minutes?|hours?))$/, { message: 'must be like "15 minutes", "1 hour" or "off"' })
      .default('15 minutes'),
    // How often every connected courier account's open shipments are tracked.
    SHIPMENT_SYNC_INTERVAL: z
      .string()
      .regex(/^(off|\d+ (seconds?|minutes?|hours?))$/, { message: 'must be like "30 minutes", "1 hour" or "off"' })
      .default('30 minutes'),
    // The nightly ad spend sync (00:30 Asia/Kolkata, for the day before): "on" or "off".
    AD_SPEND_SCHEDULE: z.enum(['on', 'off']).default('on'),
    // Days each platform revises, re-read every night: "meta_ads=28,google_ads=30"; a provider left out keeps its own figure.
    AD_SPEND_RESTATEMENT_DAYS: z
      .string()
      .regex(/^[a-z_]+=\d{1,3}(,[a-z_]+=\d{1,3})*$/, { message: 'must be like "meta_ads=28,google_ads=30"' })
      .optional(),
    // The deployment's courier credentials, for a seller whose courier account stores none of its own.
    DELHIVERY_API_TOKEN: z.string().min(1).optional(),
    SELLOSHIP_USERNAME: z.string().min(1).optional(),
    SELLOSHIP_PASSWORD: z.string().min(1).optional(),

    GRAPHQL_MAX_DEPTH: int(2, 50).default(12),
    GRAPHQL_MAX_COST: int(100, 1_000_000).default(20_000),
    GRAPHQL_MAX_ALIASES: int(1, 1000).default(30),
    GRAPHQL_MAX_TOKENS: int(100, 100_000).default(2_000),
    GRAPHQL_MAX_FIELDS: int(10, 10_000).default(500),
    GRAPHQL_MAX_DIRECTIVES: int(0, 1000).default(50),
    REQUEST_BODY_LIMIT: bytes.default('1mb'),
  })
  .refine((c) => !(c.NODE_ENV === 'production' && !c.DATABASE_URL), {
    path: ['DATABASE_URL'],
    message: 'is required when NODE_ENV=production (the embedded database is for trying Sutra only)',
  })
  .refine((c) => !(c.JWT_SECRET && c.JWT_JWKS_URL), {
    path: ['JWT_JWKS_URL'],
    message: 'cannot be combined with JWT_SECRET: choose HS256 (JWT_SECRET) or a JWKS (JWT_JWKS_URL)',
  });

/**
 * The secrets a command needs besides the database. The server needs both; a command that
 * needs only the database (`npm run migrate`) is not refused for the lack of the others.
 */
export interface ConfigNeeds {
  /** JWT_SECRET or JWT_JWKS_URL: verifying tokens. */
  tokens: boolean;
  /** CREDENTIALS_KEYS: sealing and opening provider credentials. */
  credentials: boolean;
}

const SERVER_NEEDS: ConfigNeeds = { tokens: true, credentials: true };

// With a real database nothing is generated: what the command needs must be configured.
const schemaFor = (needs: ConfigNeeds) =>
  schema
    .refine((c) => !needs.tokens || c.JWT_SECRET || c.JWT_JWKS_URL || !c.DATABASE_URL, {
      path: ['JWT_SECRET'],
      message: 'is required with DATABASE_URL (or set JWT_JWKS_URL); only the embedded mode generates its own',
    })
    .refine((c) => !needs.credentials || c.CREDENTIALS_KEYS || !c.DATABASE_URL, {
      path: ['CREDENTIALS_KEYS'],
      message: 'is required with DATABASE_URL ("<key id>:<base64 of 32 bytes>", e.g. k1:$(openssl rand -base64 32)); only the embedded mode generates its own',
    });

/** The outside URLs and versions of the providers' APIs, so a sandbox or test server can stand in. */
export interface ProviderEndpoints {
  shopifyBaseUrl: string;
  shopifyApiVersion: string;
  amazonSpApiBaseUrl: string;
  amazonLwaTokenUrl: string;
  flipkartBaseUrl: string;
  metaGraphBaseUrl: string;
  metaGraphVersion: string;
  googleAdsBaseUrl: string;
  googleAdsApiVersion: string;
  googleOAuthTokenUrl: string;
  delhiveryBaseUrl: string;
  delhiveryStagingBaseUrl: string;
  selloshipBaseUrl: string;
  timeoutMs: number;
}

export type Env = z.input<typeof schema>;

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  role: 'all' | 'api' | 'worker';
  host: string;
  port: number;
  /** Where the outside world reaches Sutra (push and webhook URLs), without a trailing slash. */
  publicUrl: string;
  /** Where the browser returns after an OAuth install; PUBLIC_URL when unset. */
  frontendUrl: string;
  /**
   * The deployment's Shopify app (SHOPIFY_API_KEY / SHOPIFY_API_SECRET), when configured, the
   * secret it had before its last rotation (SHOPIFY_API_SECRET_PREVIOUS), and the scopes an install asks for.
   */
  shopifyApp: { apiKey?: string; apiSecret?: string; previousApiSecret?: string; scopes: string };
  log: { level: string; pretty: boolean };
  database: { url?: string; poolMax: number; dataDir: string; migrateOnStart: boolean; logSql: boolean };
  jwt: { secret?: string; jwksUrl?: string; issuer?: string; audience?: string };
  /** `kid:base64key,…`: the first seals, all open. */
  credentialsKeys?: string;
  providers: ProviderEndpoints;
  redisUrl?: string;
  agendaMongoUrl?: string;
  jobLockLifetimeMs: number;
  /** How often every connected commerce account is synced; undefined when off. */
  orderSyncInterval?: string;
  /** How often every connected courier account's open shipments are tracked; undefined when off. */
  shipmentSyncInterval?: string;
  /** Whether the nightly ad spend sync runs. */
  adSpendSchedule: boolean;
  /** Restatement days by marketing provider, where the operator overrode the provider's own. */
  adSpendRestatementDays: Readonly<Record<string, number>>;
  /** Courier credential fields a seller's account falls back to where it stores none (DELHIVERY_API_TOKEN, SELLOSHIP_USERNAME/PASSWORD), by provider. */
  courierDefaults: Record<string, Record<string, string>>;
  graphql: { maxDepth: number; maxCost: number; maxAliases: number; maxTokens: number; maxFields: number; maxDirectives: number; bodyLimit: string };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment (process.env by default) into a Config, or throws one ConfigError line. */
export function loadConfig(env: Record<string, string | undefined> = process.env, needs: ConfigNeeds = SERVER_NEEDS): Config {
  // An empty variable means "not set", as in most twelve-factor tools.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schemaFor(needs).safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const got = typeof present[name] === 'string' && !/SECRET|KEY|PASSWORD|URL/.test(name) ? ` (got "${present[name]}")` : '';
    throw new ConfigError(`Invalid configuration: ${name} ${issue.message}${got}`);
  }
  const e = parsed.data;
  const nodeEnv = e.NODE_ENV ?? (e.DATABASE_URL ? 'production' : 'development');
  return {
    nodeEnv,
    role: e.ROLE,
    host: e.HOST,
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    frontendUrl: e.FRONTEND_URL ?? e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    shopifyApp: { apiKey: e.SHOPIFY_API_KEY, apiSecret: e.SHOPIFY_API_SECRET, previousApiSecret: e.SHOPIFY_API_SECRET_PREVIOUS, scopes: e.SHOPIFY_SCOPES },
    log: { level: e.LOG_LEVEL, pretty: (e.LOG_FORMAT ?? (nodeEnv === 'development' ? 'pretty' : 'json')) === 'pretty' },
    database: {
      url: e.DATABASE_URL,
      poolMax: e.DATABASE_POOL_MAX,
      dataDir: e.SUTRA_DATA_DIR,
      migrateOnStart: e.MIGRATE_ON_START,
      logSql: e.LOG_SQL,
    },
    jwt: { secret: e.JWT_SECRET, jwksUrl: e.JWT_JWKS_URL, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE },
    credentialsKeys: e.CREDENTIALS_KEYS,
    providers: {
      shopifyBaseUrl: e.SHOPIFY_BASE_URL,
      shopifyApiVersion: e.SHOPIFY_API_VERSION,
      amazonSpApiBaseUrl: e.AMAZON_SP_API_BASE_URL,
      amazonLwaTokenUrl: e.AMAZON_LWA_TOKEN_URL,
      flipkartBaseUrl: e.FLIPKART_BASE_URL,
      metaGraphBaseUrl: e.META_GRAPH_BASE_URL,
      metaGraphVersion: e.META_GRAPH_VERSION,
      googleAdsBaseUrl: e.GOOGLE_ADS_BASE_URL,
      googleAdsApiVersion: e.GOOGLE_ADS_API_VERSION,
      googleOAuthTokenUrl: e.GOOGLE_OAUTH_TOKEN_URL,
      delhiveryBaseUrl: e.DELHIVERY_BASE_URL,
      delhiveryStagingBaseUrl: e.DELHIVERY_STAGING_BASE_URL,
      selloshipBaseUrl: e.SELLOSHIP_BASE_URL,
      timeoutMs: e.PROVIDER_TIMEOUT_MS,
    },
    redisUrl: e.REDIS_URL,
    agendaMongoUrl: e.AGENDA_MONGO_URL,
    jobLockLifetimeMs: e.JOB_LOCK_LIFETIME_MS,
    orderSyncInterval: e.ORDER_SYNC_INTERVAL === 'off' ? undefined : e.ORDER_SYNC_INTERVAL,
    shipmentSyncInterval: e.SHIPMENT_SYNC_INTERVAL === 'off' ? undefined : e.SHIPMENT_SYNC_INTERVAL,
    adSpendSchedule: e.AD_SPEND_SCHEDULE === 'on',
    adSpendRestatementDays: Object.fromEntries(
      (e.AD_SPEND_RESTATEMENT_DAYS ?? '')
        .split(',')
        .filter(Boolean)
        .map((kv) => [kv.split('=')[0]!, Number(kv.split('=')[1])]),
    ),
    courierDefaults: {
      delhivery: { ...(e.DELHIVERY_API_TOKEN && { api_token: e.DELHIVERY_API_TOKEN }) },
      selloship: { ...(e.SELLOSHIP_USERNAME && { username: e.SELLOSHIP_USERNAME }), ...(e.SELLOSHIP_PASSWORD && { password: e.SELLOSHIP_PASSWORD }) },
    },
    graphql: {
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxCost: e.GRAPHQL_MAX_COST,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      maxFields: e.GRAPHQL_MAX_FIELDS,
      maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
      bodyLimit: e.REQUEST_BODY_LIMIT,
    },
  };
}

const tokenSchema = z.object({
  JWT_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
  JWT_JWKS_URL: z.string().optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  SUTRA_DATA_DIR: z.string().min(1).default('./.sutra-data'),
});

/**
 * Only what signing a development token needs (`npm run token`): the JWT settings and the
 * data folder. Nothing else is demanded, CREDENTIALS_KEYS included.
 */
export function loadTokenSettings(env: Record<string, string | undefined> = process.env): { jwt: Config['jwt']; dataDir: string } {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = tokenSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${String(parsed.error.issues[0]!.path[0])} ${parsed.error.issues[0]!.message}`);
  const e = parsed.data;
  return { jwt: { secret: e.JWT_SECRET, jwksUrl: e.JWT_JWKS_URL, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE }, dataDir: e.SUTRA_DATA_DIR };
}

/** For entry points: the configuration, or its one-line error on stderr and exit code 1. */
export function loadConfigOrExit(needs: ConfigNeeds = SERVER_NEEDS): Config {
  try {
    return loadConfig(process.env, needs);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}
