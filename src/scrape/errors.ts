/**
 * A source whose page or API no longer has the shape its definition describes (layout change, moved JSON path,
 * broken embedded data). The orchestrator records the message as the source's error; it is written for a person.
 */
export class ScrapeError extends Error {
  override name = 'ScrapeError';
  constructor(
    message: string,
    /** The source id from feeds.json, so a log line names the definition to fix. */
    readonly sourceId: string,
  ) {
    super(message);
  }
}
