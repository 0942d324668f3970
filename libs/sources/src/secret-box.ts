import { decryptSecret, deriveKey, encryptSecret } from './webhooks/webhook-secret';

/**
 * Seals the secrets a source holds (webhook secrets, access tokens) with AES-256-GCM, bound to the
 * source's id: a sealed secret copied to another source does not open. The key comes from
 * SECRETS_KEY; without it, from random material the deployment keeps in Redis (see
 * docs/decisions/0004): that protects secrets in listings and logs, not from someone who reads Redis.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static fromMaterial(material: string): SecretBox {
    return new SecretBox(deriveKey(material));
  }

  seal(plain: string, context: string): string {
    return encryptSecret(plain, this.key, context);
  }

  open(sealed: string, context: string): string {
    return decryptSecret(sealed, this.key, context);
  }
}

export const SECRET_BOX = Symbol('SECRET_BOX');
