import { SignJWT } from 'jose';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { doc, gql, newUserToken, startTestServer, type TestServer } from '../support/server.js';
import { TEST_JWT_SECRET } from '../support/env.js';

/** A cursor as `orders` would hand one out, holding whatever the test wants. */
const cursor = (at: string, id: string) => Buffer.from(JSON.stringify([at, id])).toString('base64url');
const CONNECT = 'mutation($credentials: JSONObject!) { connectProvider(providerId: "flipkart", credentials: $credentials) { status { state } } }';
const SET_COST = 'mutation($sku: String!, $cost: Decimal!) { setProductCost(sku: $sku, cost: $cost) }';

/** Each of these was a 500 (INTERNAL_SERVER_ERROR); each is the client's mistake, and says which field. */
describe("a client's mistakes are answered as such, naming the field", () => {
  let server: TestServer;
  let token: string;
  let subject: string;
  beforeAll(async () => {
    server = await startTestServer({ captureLogs: true });
    ({ token, subject } = await newUserToken('mistakes'));
  });
  afterAll(() => server.stop());

  const storedCost = async (sku: string) => {
    const rows = await server.db.em
      .getConnection()
      .execute<{ cost: string }[]>('select c.cost from product_costs c join users u on u.id = c.user_id where u.subject = ? and c.sku = ?', [subject, sku]);
    return rows[0]?.cost;
  };

  it('a variable of the wrong type (credentials: "x")', async () => {
    const res = await gql(server, CONNECT, { credentials: 'x' }, token);
    expect(res.status).toBe(400);
    expect(res.errors![0]).toMatchObject({
      message: 'Variable "$credentials" is not valid: JSONObject cannot represent non-object value',
      extensions: { code: 'BAD_USER_INPUT', field: 'credentials' },
    });
  });

  it('a required Int! variable left out', async () => {
    const res = await gql(server, 'query($first: Int!) { orders(first: $first) { edges { cursor } } }', {}, token);
    expect(res.status).toBe(400);
    expect(res.errors![0]).toMatchObject({
      message: 'Variable "$first" of required type Int! was not provided',
      extensions: { code: 'BAD_USER_INPUT', field: 'first' },
    });
  });

  it('a cursor holding an id that is not a UUID', async () => {
    const res = await gql(
      server,
      'query($after: String) { orders(after: $after) { edges { cursor } } }',
      { after: cursor('2026-11-01T00:00:00.000Z', "1' or '1'='1") },
      token,
    );
    expect(res.errors![0]).toMatchObject({
      message: 'after is not a cursor returned by this list (pass pageInfo.endCursor)',
      extensions: { code: 'BAD_USER_INPUT', field: 'after' },
    });
  });

  it('a cursor holding a date PostgreSQL cannot compare', async () => {
    const res = await gql(
      server,
      'query($after: String) { shipments(after: $after) { edges { cursor } } }',
      { after: cursor('-271821-04-20T00:00:00.000Z', crypto.randomUUID()) },
      token,
    );
    expect(res.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
  });

  it('a Decimal wider than the amount columns hold (numeric(14,2))', async () => {
    const res = await gql(server, SET_COST, { sku: 'WIDE', cost: '1234567890123.00' }, token);
    expect(res.status).toBe(400);
    expect(res.errors![0]).toMatchObject({
      message: 'Variable "$cost" is not valid: Decimal may have at most 12 digits before the point (got 13)',
      extensions: { code: 'BAD_USER_INPUT', field: 'cost' },
    });
    expect(await storedCost('WIDE')).toBeUndefined();
  });

  it('money with more decimals than its currency has is refused, not rounded', async () => {
    const res = await gql(server, SET_COST, { sku: 'ROUND', cost: '1.999999' }, token);
    expect(res.errors![0]).toMatchObject({
      message: 'cost has 6 decimal places; INR amounts have at most 2 (got 1.999999): round it yourself, Sutra will not',
      extensions: { code: 'BAD_USER_INPUT', field: 'cost' },
    });
    expect(await storedCost('ROUND')).toBeUndefined();
    // Costs are in the currency profit is computed in: another one is refused, naming it.
    const yen = await gql(server, 'mutation { setProductCost(sku: "ROUND", cost: "1200", currencyCode: "JPY") }', {}, token);
    expect(yen.errors![0]).toMatchObject({
      message: 'currencyCode must be INR, the currency your profit is computed in (got JPY)',
      extensions: { code: 'BAD_USER_INPUT', field: 'currencyCode' },
    });
    // Trailing zeros are not extra precision.
    expect((await gql(server, SET_COST, { sku: 'ROUND', cost: '2.500' }, token)).data).toEqual({ setProductCost: true });
    expect(await storedCost('ROUND')).toBe('2.50');
  });

  it('a NUL byte in a credential field', async () => {
    const res = await gql(server, CONNECT, { credentials: { app_id: 'app\u0000id', app_secret: 's3cr3t-value', location_id: 'LOC1' } }, token);
    expect(res.status).toBe(400);
    expect(res.errors![0]).toMatchObject({
      message: 'Variable "$credentials" at "credentials.app_id" holds a NUL character, which text may not contain',
      extensions: { code: 'BAD_USER_INPUT', field: 'credentials.app_id' },
    });
    expect(JSON.stringify(res)).not.toContain('s3cr3t');
  });

  it('a NUL byte in a SKU, as a variable or written into the operation', async () => {
    const variable = await gql(server, SET_COST, { sku: 'KURTA\u0000-M', cost: '100' }, token);
    expect(variable.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'sku' } });
    const literal = await gql(server, 'mutation { setProductCost(sku: "KURTA\\u0000-M", cost: "100") }', {}, token);
    expect(literal.status).toBe(400);
    expect(literal.errors![0]).toMatchObject({
      message: 'Argument "sku" holds a NUL character, which text may not contain',
      extensions: { code: 'BAD_USER_INPUT', field: 'sku' },
    });
  });

  it('a NUL byte in a token’s subject is refused, and logged', async () => {
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('seller\u0000admin')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const res = await gql(server, '{ channelAccounts { id } }', {}, forged);
    expect(res.status).toBe(401);
    expect(res.errors![0]).toMatchObject({ message: "Invalid token: the token's sub claim holds control characters", extensions: { code: 'UNAUTHENTICATED' } });
    const logged = server.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'token refused');
    expect(logged.map((l) => [l.level, l.reason])).toContainEqual([40, "the token's sub claim holds control characters"]);
  });

  it('a body that is not JSON is answered with where it breaks and what to fix, never with what it held', async () => {
    const CANARY = 'CANARY-s3cr3t-9f2c';
    const post = async (path: string, body: string, authorization?: string) => {
      const res = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body,
      });
      return { status: res.status, text: await res.text() };
    };
    const connected = await gql(
      server,
      doc<{ connectProvider: { push: { url: string; token: string } } }>(
        'mutation($c: JSONObject!) { connectProvider(providerId: "myntra", credentials: $c) { push { url token } } }',
      ),
      { c: SANDBOX_CREDENTIALS.myntra },
      token,
    );
    const push = connected.data!.connectProvider.push;
    const receiver = new URL(push.url).pathname;
    const logsBefore = server.logs.length;

    const answers = {
      // The body of the report: V8's message quoted `..."{"query": x "SECRETa"...`.
      unquoted: await post('/graphql', `{"query": x "${CANARY}a"}`, `Bearer ${token}`),
      anonymous: await post('/graphql', `{"query": x "${CANARY}a"}`),
      multiline: await post('/graphql', `{\n  "query": "{ __typename }",\n  "variables": { "password": '${CANARY}' }\n}`, `Bearer ${token}`),
      unclosed: await post('/graphql', `{"query": "{ __typename }", "variables": { "password": "${CANARY}`, `Bearer ${token}`),
      // Valid JSON, but not an object: body-parser's own refusal quoted it too.
      notAnObject: await post('/graphql', `"${CANARY}"`, `Bearer ${token}`),
      push: await post(receiver, `{"orders": [{"orderId": "${CANARY}"},]}`, `Bearer ${push.token}`),
    };
    expect(answers).toEqual({
      unquoted: {
        status: 400,
        text: JSON.stringify({
          error:
            "the body is not valid JSON: at line 1, column 11, this is not JSON: JSON is made of strings in double quotes, numbers, true, false, null, '{}', '[]', ':' and ','",
        }),
      },
      anonymous: answers.unquoted,
      multiline: {
        status: 400,
        text: JSON.stringify({ error: 'the body is not valid JSON: at line 3, column 30, strings and property names take double quotes, not single' }),
      },
      unclosed: {
        status: 400,
        text: JSON.stringify({
          error:
            'the body is not valid JSON: at line 1, column 56, this string is never closed: add its closing " (a line break inside a string is written \\n)',
        }),
      },
      notAnObject: { status: 400, text: JSON.stringify({ error: 'the body must be a JSON object: {"query": "…", "variables": {…}}' }) },
      push: {
        status: 400,
        text: JSON.stringify({ error: "the body is not valid JSON: at line 1, column 47, a value is expected: remove the comma before ']'" }),
      },
    });
    const logged = server.logs.slice(logsBefore);
    expect(logged.length).toBeGreaterThanOrEqual(6);
    expect(logged.filter((line) => line.includes('CANARY'))).toEqual([]);
  });

  it('a variable nested absurdly deep', async () => {
    let deep: Record<string, unknown> = { app_id: 'a' };
    for (let i = 0; i < 1_000; i++) deep = { nested: deep };
    const res = await gql(server, CONNECT, { credentials: deep }, token);
    expect(res.status).toBe(400);
    expect(res.errors![0]).toMatchObject({
      message: 'Variable "$credentials" is nested more than 32 levels deep',
      extensions: { code: 'BAD_USER_INPUT', field: 'credentials' },
    });
  });

  it('an unknown credential key is named, not echoed back in full', async () => {
    const key = 'k'.repeat(100_000);
    const res = await gql(server, CONNECT, { credentials: { [key]: 'v', app_id: 'a', app_secret: 'b', location_id: 'c' } }, token);
    expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toContain(`${'k'.repeat(40)}… is not a Flipkart field (expected app_id, app_secret, location_id)`);
    expect(JSON.stringify(res).length).toBeLessThan(2_000);
  });
});
