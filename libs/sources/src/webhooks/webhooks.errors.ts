import { ErrorCode, RaglineError, type RaglineErrorOptions } from '@ragline/errors';

/**
 * A webhook request whose payload or event headers are not what the sender documents: a missing
 * `ref`, a commit id that is not 40 or 64 hex digits, a field of the wrong type. `field` names the
 * culprit (`after`, `repository.clone_url`, `X-GitHub-Event`); values are never echoed. The API
 * answers 400 and enqueues nothing. Permanent: the sender's redelivery carries the same body.
 */
export class WebhookPayloadError extends RaglineError {
  declare readonly field: string;

  constructor(field: string, message: string, options: RaglineErrorOptions = {}) {
    super(ErrorCode.ValidationFailed, message, { ...options, field, retryable: false });
  }
}

/**
 * The key given to encrypt or decrypt webhook secrets is unusable: not 32 bytes, or derived from
 * too little key material. A deployment problem (500), not the caller's.
 */
export class WebhookSecretKeyError extends RaglineError {
  constructor(message: string, options: RaglineErrorOptions = {}) {
    super(ErrorCode.ConfigInvalid, message, { ...options, retryable: false });
  }
}

/** Why a stored webhook secret could not be read back. */
export type WebhookSecretDecryptReason = 'malformed' | 'unsupported-version' | 'not-authentic';

/**
 * A stored webhook secret could not be decrypted: its text is not in the stored format, names a
 * format version this code does not know, or fails authentication (`not-authentic`: encrypted
 * with another key or context, or altered since; AES-GCM cannot tell those apart). Neither the
 * stored text nor the key appears in the message. Permanent until the key or the secret is fixed.
 */
export class WebhookSecretDecryptError extends RaglineError {
  constructor(
    readonly reason: WebhookSecretDecryptReason,
    message: string,
    options: RaglineErrorOptions = {},
  ) {
    super(ErrorCode.Internal, message, { ...options, retryable: false, details: { reason } });
  }
}
