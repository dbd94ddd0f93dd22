/** The document could not be read as a feed; the message says why in plain words. */
export class ParseError extends Error {
  override readonly name = 'ParseError';
  constructor(
    readonly kind: 'not-a-feed' | 'malformed' | 'unsafe',
    message: string,
    /** For an HTML page: the feeds it advertises with <link rel="alternate">. */
    readonly alternates: string[] = [],
  ) {
    super(message);
  }
}
