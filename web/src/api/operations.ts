import { buildSchema, getNamedType, isEnumType, isLeafType, type GraphQLField, type GraphQLSchema } from 'graphql';
// The API's own schema, bundled at build time: the console builds a catalog button's document from the
// operation and variables the catalog names, typed by the schema (production answers no introspection).
import schemaSource from '../../../schema.graphql?raw';

let schema: GraphQLSchema | undefined;
const apiSchema = (): GraphQLSchema => (schema ??= buildSchema(schemaSource));

/** What the console reads back from an operation's answer, by the type it returns. */
const SELECTIONS: Record<string, string> = {
  SyncJob: 'id providerId channelAccountId status',
  ProviderStatus: 'providerId channelAccountId state connected accountName error',
  WebhookSubscription: 'topic active',
  OAuthInstall: 'authorizeUrl expiresAt',
};

export interface ActionDocument {
  query: string;
  kind: 'query' | 'mutation';
  /** The name of the type the operation returns (SyncJob, ProviderStatus …). */
  returns: string;
}

/**
 * The document a catalog button calls: its operation, with exactly the catalog's variables,
 * each typed as the operation's argument is. An operation or argument the schema does not have
 * is the catalog's mistake, thrown to be shown beside the button.
 */
export function actionDocument(operation: string, variables: Record<string, unknown>): ActionDocument {
  const s = apiSchema();
  const mutation = s.getMutationType()?.getFields()[operation];
  const field: GraphQLField<unknown, unknown> | undefined = mutation ?? s.getQueryType()?.getFields()[operation];
  if (!field) throw new Error(`This console does not know the operation ${operation}`);
  const names = Object.keys(variables);
  const typeOf = (name: string) => {
    const arg = field.args.find((a) => a.name === name);
    if (!arg) throw new Error(`${operation} takes no argument ${name}`);
    return String(arg.type);
  };
  const definitions = names.length ? `(${names.map((n) => `$${n}: ${typeOf(n)}`).join(', ')})` : '';
  const args = names.length ? `(${names.map((n) => `${n}: $${n}`).join(', ')})` : '';
  const named = getNamedType(field.type);
  const selection = isLeafType(named) ? '' : ` { ${SELECTIONS[named.name] ?? '__typename'} }`;
  const kind = mutation ? 'mutation' : 'query';
  return { query: `${kind} Catalog_${operation}${definitions} { ${operation}${args}${selection} }`, kind, returns: named.name };
}

/** The values of one of the API's enums (order and shipment statuses), for the filters. */
export function enumValues(name: string): string[] {
  const type = apiSchema().getType(name);
  return type && isEnumType(type) ? type.getValues().map((v) => v.name) : [];
}

/** Whether an operation takes an argument (channelAccountId, to act on one of several accounts). */
export function takesArgument(operation: string, name: string): boolean {
  const s = apiSchema();
  const field = s.getMutationType()?.getFields()[operation] ?? s.getQueryType()?.getFields()[operation];
  return !!field?.args.some((a) => a.name === name);
}
