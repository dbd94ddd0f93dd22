import type { Config, OutputConfig } from '../../config/schema.ts';

/** The path of huiju's own hub. */
export const HUB_PATH = '/websub';

/** The hubs a feed names: huiju's own (unless `websub.hub` is off) and the output's external ones. */
export function hubsFor(config: Config, base: string, output: OutputConfig | undefined): string[] {
  return [...(config.websub.hub ? [`${base}${HUB_PATH}`] : []), ...(output?.websub?.hubs ?? [])];
}

/** `Link: <hub>; rel="hub", <self>; rel="self"` (RFC 8288), as every feed response and every push carries it. */
export function linkHeader(hubs: readonly string[], self: string): string {
  return [...hubs.map((h) => `<${h}>; rel="hub"`), `<${self}>; rel="self"`].join(', ');
}
