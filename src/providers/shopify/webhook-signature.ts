import { createHmac, timingSafeEqual } from 'node:crypto';

const DIGEST_BYTES = 32;

/** X-Shopify-Hmac-Sha256: base64 of HMAC-SHA256 over the raw body bytes, keyed with the app's secret (docs/providers.md §1.2, §1.6 T3/T4). */
export const webhookHmac = (secret: string, rawBody: Buffer | string): Buffer => createHmac('sha256', secret).update(rawBody).digest();

/**
 * Whether the header is the signature of these exact bytes under any of the secrets: each
 * compared in constant time, all of them tried whatever the first gives, so how long the check
 * takes tells nothing of which secret (if any) matched. An empty body is never valid (§1.2).
 */
export function webhookSignedBy(rawBody: Buffer, header: string, secrets: readonly string[]): boolean {
  if (!rawBody.length || !/^[A-Za-z0-9+/]+={0,2}$/.test(header)) return false;
  const given = Buffer.from(header, 'base64');
  if (given.length !== DIGEST_BYTES) return false;
  let signed = false;
  for (const secret of secrets) signed = timingSafeEqual(given, webhookHmac(secret, rawBody)) || signed;
  return signed;
}
