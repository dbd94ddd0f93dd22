/** Traditional → Simplified for tagging: the conversion of src/text, plus a map from converted offsets back. */
import { convertToSimplified as convert, hasTraditional } from '../text/simplified.ts';
import { identity, SegmentBuilder, segmentMap, type OffsetMap } from './offset-map.ts';

const CLAUSES = /[^\s,.;:!?，。；：！？、…]+|[\s,.;:!?，。；：！？、…]+/gu;

/**
 * The text in Simplified script with an offset map: free when the length is kept (the common case); otherwise clause
 * by clause, and a clause that changes length maps proportionally (網際網路 → 互联网 has no exact map anyway).
 */
export function toSimplified(input: string): [string, OffsetMap] {
  if (!hasTraditional(input)) return [input, identity];
  const whole = convert(input);
  if (whole.length === input.length) return [whole, identity];
  const b = new SegmentBuilder();
  for (const clause of input.matchAll(CLAUSES)) b.push(clause.index, clause[0], convert(clause[0]));
  return [b.out, segmentMap(b.segments)];
}
