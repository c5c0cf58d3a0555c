import { Embeddable, Property } from '@mikro-orm/decorators/legacy';

/**
 * An AES-256-GCM ciphertext with what is needed to open it: the id of the key that sealed
 * it (so keys rotate without downtime), the nonce and the authentication tag. Only the
 * credential service creates or opens one.
 */
@Embeddable()
export class EncryptedValue {
  @Property({ type: 'text' })
  keyId!: string;

  @Property({ type: 'blob' })
  nonce!: Buffer;

  @Property({ type: 'blob' })
  ciphertext!: Buffer;

  @Property({ type: 'blob' })
  authTag!: Buffer;
}
