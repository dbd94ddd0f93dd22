/**
 * Wire stories for the cluster tests: each carried by several outlets under its own URL and item id, with the wire's
 * headline and text (as agencies' subscribers reprint them). Words are drawn from a seeded generator, so two different
 * stories share no headline and no body lead (made-up words), and any merge of two of them would be a dedup error.
 */

import { rng } from '../../bench/generate.ts';

/** Made-up words of four to eight letters: two stories' texts share next to no character 3-grams. */
function words(rand: () => number, n: number): string {
  const letter = () => String.fromCharCode(97 + Math.floor(rand() * 26));
  return Array.from({ length: n }, () => Array.from({ length: 4 + Math.floor(rand() * 5) }, letter).join('')).join(' ');
}

export interface WireStory {
  title: string;
  body: string;
}

/** Story `n`: a headline of ten words and a body of sixty, its number spelt into both. */
export function wireStory(n: number, seed = 1): WireStory {
  const rand = rng(seed * 100_003 + n);
  return { title: `Wire ${n}: ${words(rand, 10)}`, body: `Report ${n}. ${words(rand, 60)}.` };
}

/** Shuffle in place (Fisher–Yates) with a seeded generator. */
export function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
