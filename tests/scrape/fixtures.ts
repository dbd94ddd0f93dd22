import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sourceSchema, type SourceConfig } from '../../src/config/schema.ts';

export function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
}

/** A source as loadConfig would deliver it (defaults applied), from the fields a test cares about. */
export function source(fields: Record<string, unknown>): SourceConfig {
  return sourceSchema.parse({ id: 'test-source', name: 'Test', url: 'https://example.cn/list', ...fields });
}

/** Fetch time of the fixtures: 2024-07-04 20:00 in Shanghai. */
export const ctx = { timezone: 'Asia/Shanghai', now: new Date('2024-07-04T12:00:00Z') };
