/**
 * An id that names nothing this user has. Another seller's id is answered exactly the same
 * way: the tenant-scoped reads cannot tell the two apart, and neither can the caller.
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
