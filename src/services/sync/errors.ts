/**
 * The sync's own errors, which no client is answered with: the lifecycle throws and handles
 * them. What a client is told (a request it can fix, NOT_IMPLEMENTED, the provider's refusal)
 * is thrown with domain/errors.ts.
 */

/** A failure worth trying again later, from the saved cursor (Agenda's backoff decides when). */
export class RetryableSyncError extends Error {
  override name = 'RetryableSyncError';
}

/** A stored delivery (a push) that its provider's rules cannot read: the job fails for good, in those rules' words. */
export class UnreadableDeliveryError extends Error {
  override name = 'UnreadableDeliveryError';
}
