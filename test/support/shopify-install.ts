import { setTimeout as sleep } from 'node:timers/promises';
import { doc, gql, type TestServer } from './server.js';

/** A seller of the tests: the JWT subject and its token. */
export type Seller = { subject: string; token: string };

export const BEGIN_INSTALL = doc<{ beginOAuthInstall: { authorizeUrl: string; expiresAt: string } }>(
  'mutation($p: ID!, $s: String!) { beginOAuthInstall(providerId: $p, shop: $s) { authorizeUrl expiresAt } }',
);

const JOBS = doc<{
  syncHistory: {
    edges: Array<{
      node: { id: string; providerId: string; channelAccountId: string | null; status: string; trigger: string; processed: number; error: string | null };
    }>;
  };
}>('{ syncHistory(first: 50) { edges { node { id providerId channelAccountId status trigger processed error } } } }');

/** beginOAuthInstall for the shop: the authorize URL it answers. */
export async function beginInstall(server: TestServer, seller: Seller, shop: string): Promise<URL> {
  const res = await gql(server, BEGIN_INSTALL, { p: 'shopify', s: shop }, seller.token);
  if (res.errors) throw new Error(`beginOAuthInstall refused: ${res.errors[0]!.message}`);
  return new URL(res.data!.beginOAuthInstall.authorizeUrl);
}

/** The sandbox's authorize page, approving at once: where it sends the browser back (Sutra's callback, signed). */
export async function approveInstall(authorizeUrl: URL): Promise<URL> {
  const res = await fetch(authorizeUrl, { redirect: 'manual' });
  if (res.status !== 302) throw new Error(`the authorize page answered ${res.status}`);
  return new URL(res.headers.get('location')!);
}

/** Sutra's callback, reached on the test server whatever PUBLIC_URL says; where it sends the browser. */
export async function installCallback(server: TestServer, back: URL): Promise<URL> {
  const res = await fetch(`${server.url}${back.pathname}${back.search}`, { redirect: 'manual' });
  if (res.status !== 302) throw new Error(`the callback answered ${res.status}`);
  return new URL(res.headers.get('location')!);
}

/** The whole install of the app on a shop; where the browser lands. */
export async function installShop(server: TestServer, seller: Seller, shop: string): Promise<URL> {
  return installCallback(server, await approveInstall(await beginInstall(server, seller, shop)));
}

/** The seller's jobs of a provider, once every one of them ended. */
export async function syncsEnded(server: TestServer, seller: Seller, providerId = 'shopify') {
  for (let i = 0; i < 600; i++) {
    const jobs = (await gql(server, JOBS, {}, seller.token)).data!.syncHistory.edges.map((e) => e.node).filter((j) => j.providerId === providerId);
    if (jobs.length && jobs.every((j) => j.status === 'SUCCEEDED' || j.status === 'FAILED')) return jobs;
    await sleep(100);
  }
  throw new Error('the syncs did not end in 60 s');
}

export async function userIdOf(server: TestServer, seller: Seller): Promise<string> {
  const rows = await server.db.em.getConnection().execute<{ id: string }[]>('select id from users where subject = ?', [seller.subject]);
  return rows[0]!.id;
}
