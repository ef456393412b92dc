import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encrypts personal data at rest with AES-256-GCM. The stored form names the key it was
 * encrypted with (`pd1.<keyId>.<iv>.<tag>.<ciphertext>`, base64url parts), so keys can rotate:
 * new writes use the current key, reads find older keys by id.
 */
export class PersonalDataCipher {
  private readonly keys: Map<string, Buffer>;

  constructor(
    private readonly current: { id: string; key: Buffer },
    previous: { id: string; key: Buffer }[] = [],
  ) {
    for (const k of [current, ...previous]) {
      if (k.key.length !== 32) throw new Error(`personal data key ${k.id} must be 32 bytes`);
      if (k.id.includes('.')) throw new Error('a personal data key id may not contain a dot');
    }
    this.keys = new Map([...previous, current].map((k) => [k.id, k.key]));
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  encrypt(plaintext: string, associatedData = ''): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return ['pd1', this.current.id, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  decrypt(stored: string, associatedData = ''): string {
    const [version, keyId, iv, tag, ciphertext] = stored.split('.');
    if (version !== 'pd1' || !keyId || iv === undefined || tag === undefined || ciphertext === undefined) {
      throw new Error('not an encrypted personal data value');
    }
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`personal data key ${keyId} is not configured`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** The key id a stored value was encrypted with: rotation re-encrypts values whose id is not current. */
  static keyIdOf(stored: string): string | undefined {
    return stored.startsWith('pd1.') ? stored.split('.')[1] : undefined;
  }
}
