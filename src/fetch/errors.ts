import type { FetchErrorKind } from './types.ts';

/** A fetch failure of a known kind, with a sentence a person understands as its message. */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number | null; cause?: unknown } = {},
  ) {
    super(message, { cause: details.cause });
  }
}
