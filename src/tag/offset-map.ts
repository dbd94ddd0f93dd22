/** Maps from positions in a transformed text back to positions in the text it came from. */

export type OffsetMap = (index: number) => number;

export const identity: OffsetMap = (i) => i;

/** A stretch of output that came from a stretch of input; equal lengths map one to one. */
export interface Segment {
  outStart: number;
  inStart: number;
  outLength: number;
  inLength: number;
}

export function segmentMap(segments: readonly Segment[]): OffsetMap {
  return (i) => {
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments[mid]!.outStart <= i) lo = mid;
      else hi = mid - 1;
    }
    const seg = segments[lo];
    if (!seg) return i;
    const k = i - seg.outStart;
    if (seg.outLength === seg.inLength) return seg.inStart + k;
    return seg.inStart + Math.min(seg.inLength - 1, Math.floor((k * seg.inLength) / Math.max(1, seg.outLength)));
  };
}

/** Builds a transformed text piece by piece, with the segments that map it back. */
export class SegmentBuilder {
  readonly segments: Segment[] = [];
  out = '';
  push(inStart: number, inText: string, outText: string): void {
    const prev = this.segments[this.segments.length - 1];
    if (prev && prev.inLength === prev.outLength && inText.length === outText.length) {
      prev.inLength += inText.length;
      prev.outLength += outText.length;
    } else this.segments.push({ outStart: this.out.length, inStart, outLength: outText.length, inLength: inText.length });
    this.out += outText;
  }
}

