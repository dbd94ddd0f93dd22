/** Why an item's full text could not be read: shown among the source's warnings, the teaser kept. */
export class FullTextError extends Error {
  override readonly name = 'FullTextError';
}
