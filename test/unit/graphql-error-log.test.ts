import { GraphQLError } from 'graphql';
import { logGraphQLErrors } from '../../src/graphql/error-log.js';
import { createLogger } from '../../src/logger.js';
import { UnknownProviderError } from '../../src/domain/errors.js';

describe('the log line of a GraphQL error', () => {
  const logged = (errors: GraphQLError[]) => {
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', pretty: false, destination: { write: (line: string) => void lines.push(line) } });
    logGraphQLErrors(log, errors, 'Op');
    return lines.map((l) => JSON.parse(l) as { level: number; msg: string; code?: string; err?: { message: string; stack: string } });
  };

  it('is at error with the cause and its stack for a fault of ours, at info without a stack for the client’s mistake', () => {
    const fault = new GraphQLError('boom', { originalError: new TypeError("Cannot read properties of undefined (reading 'jobId')"), path: ['syncProgress'] });
    const mistake = new GraphQLError('Unknown provider', { originalError: new UnknownProviderError('ebay', ['shopify', 'amazon']), path: ['syncProvider'] });
    const [ours, theirs] = logged([fault, mistake]);
    expect(ours).toMatchObject({ level: 50, msg: 'graphql operation failed', err: { message: "Cannot read properties of undefined (reading 'jobId')" } });
    expect(ours!.err!.stack).toContain('TypeError');
    expect(theirs).toMatchObject({ level: 30, msg: 'graphql operation refused', code: 'BAD_USER_INPUT', field: 'providerId', operationName: 'Op' });
    expect(JSON.stringify(theirs)).not.toContain('stack');
  });
});
