/** Health of a source as stored and shown in /api/sources. */
export type SourceStatus = 'ok' | 'error' | 'pending';

/** Counts a refresh of one source reports, printed by `huiju fetch`. */
export interface RefreshCounts {
  new: number;
  updated: number;
  unchanged: number;
}
