import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Orm } from '../db/database.js';
import { forUser } from '../db/tenant-filter.js';
import { isUuid, WebhookEventStatus } from '../domain/index.js';
import type { Logger } from '../logger.js';
import type { PushConnector, PushSpec } from '../providers/types.js';
import type { JobQueue } from './job-queue.js';

const sha256 = (value: string | Buffer): Buffer => createHash('sha256').update(value).digest();

/** A fresh push token (32 random bytes, base64url) and the hash that is all Sutra keeps of it. */
export function newPushToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: sha256(token).toString('hex') };
}

/** What a seller hands the provider: where to push, and the token to present. Shown once. */
export interface PushEndpointInfo {
  url: string;
  token: string;
  header: string;
}

export function pushEndpoint(publicUrl: string, spec: PushSpec, channelAccountId: string, token: string): PushEndpointInfo {
  return { url: `${publicUrl}${spec.receiverPath}/${channelAccountId}`, token, header: `Authorization: Bearer ${token}` };
}

/** The account a push authenticated as. */
export interface PushAccount {
  userId: string;
  channelAccountId: string;
  providerId: string;
  externalId: string;
}

export interface PushIntakeDeps {
  orm: Orm;
  /** The process-push job (jobs/process-push.job.ts). */
  queue: JobQueue<{ eventId: string; userId: string }>;
  log: Logger;
}

/** A delivery the provider names itself: its own delivery id, the event it is of, its topic. */
export interface NamedDelivery {
  deliveryId: string;
  eventId?: string;
  topic: string;
}

/**
 * Orders a provider pushes (Myntra), authenticated by the account's push token, and Shopify's
 * webhooks, authenticated by their signature (http/shopify-webhooks.ts): stored once as a
 * WebhookEvent and acknowledged. The push job then runs it through the sync lifecycle as a
 * job of its kind (SyncLifecycle.runDelivery), written by the same handler as every pulled page.
 */
export class PushIntake {
  constructor(private readonly deps: PushIntakeDeps) {}

  /**
   * The account whose push token this is, or undefined: an unknown account, a disconnected
   * one and a wrong token are the same refusal, after the same one-row lookup. Only hashes
   * are compared.
   */
  async authenticate(providerId: string, channelAccountId: string, authorization: string | undefined): Promise<PushAccount | undefined> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token || !isUuid(channelAccountId)) return undefined;
    // The seller is not known yet, and row-level security shows no seller's account without
    // one: push_account() (its migration, Migration20261207130000) checks the hash as its
    // owner and answers only for the right token. How long comparing two SHA-256 digests
    // takes tells nothing about a token that would match.
    const { rows } = await sql<{ user_id: string; external_id: string }>`
      select user_id, external_id from push_account(${channelAccountId}::uuid, ${providerId}, ${sha256(token).toString('hex')})`.execute(
      this.deps.orm.em.fork().getKysely(),
    );
    const account = rows[0];
    return account && { userId: account.user_id, channelAccountId, providerId, externalId: account.external_id };
  }

  /**
   * Stores the push once and queues its processing. A resend finds the stored event; while
   * that is still unprocessed it is queued again (the first job may have been lost with a
   * crash before it was queued; processing twice changes nothing).
   */
  async receive(
    account: PushAccount,
    intake: PushConnector,
    raw: Buffer,
    body: unknown,
    /** The request's own logger (it carries the request id). */
    log: Logger = this.deps.log,
    /** What the provider says of the delivery itself, when it says (Shopify's headers, docs/providers.md §1.2). */
    named?: NamedDelivery,
  ): Promise<{ eventId: string; duplicate: boolean }> {
    // Delivery ids are unique per provider across every seller: the account makes two
    // sellers' pushes of the same content two deliveries. A provider's own delivery id is kept
    // as it is (Shopify's X-Shopify-Webhook-Id), else the hash of a key read from the body.
    const key = () => intake.deliveryKey(body) ?? `body:${sha256(raw).toString('hex')}`;
    const deliveryId = `${account.channelAccountId}:${named ? named.deliveryId : sha256(key()).toString('hex')}`;
    const { eventId, pending, duplicate } = await forUser(this.deps.orm.em, account.userId).transactional(async (tx) => {
      const db = tx.getKysely();
      const inserted = await sql<{ id: string }>`
        insert into webhook_events (id, user_id, channel_account_id, provider_id, delivery_id, event_id, topic, source, payload, status, received_at)
        values (gen_random_uuid(), ${account.userId}::uuid, ${account.channelAccountId}::uuid, ${account.providerId}, ${deliveryId},
          ${named?.eventId ?? null}, ${named?.topic ?? intake.topic}, ${account.externalId}, ${JSON.stringify(body)}::jsonb, 'RECEIVED', now())
        on conflict (provider_id, delivery_id) do nothing
        returning id`.execute(db);
      if (inserted.rows[0]) return { eventId: inserted.rows[0].id, pending: true, duplicate: false };
      // The delivery id starts with the account's id: the stored one is this seller's.
      const stored = await sql<{ id: string; status: WebhookEventStatus }>`
        select id, status from webhook_events where provider_id = ${account.providerId} and delivery_id = ${deliveryId}`.execute(db);
      return { eventId: stored.rows[0]!.id, pending: stored.rows[0]!.status === WebhookEventStatus.RECEIVED, duplicate: true };
    });
    // After the commit, never inside: on the embedded database the job queue's connection would wait for it.
    if (pending) await this.deps.queue.add({ eventId, userId: account.userId });
    log.info({ provider: account.providerId, channelAccountId: account.channelAccountId, eventId, duplicate }, 'push received');
    return { eventId, duplicate };
  }
}
