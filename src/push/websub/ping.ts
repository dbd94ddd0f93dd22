import { createHash } from 'node:crypto';
import type { Config } from '../../config/schema.ts';
import type { Logger } from '../../log.ts';
import type { RenderTopic } from './hub.ts';

const FORMATS = ['xml', 'atom', 'json'] as const;

/**
 * Tell external hubs (`outputs[].websub.hubs`) that an output's feeds changed: `hub.mode=publish&hub.url=TOPIC`, the
 * form hubs such as Google's and Superfeedr take. Topic URLs are built on `websub.callbackBase`, huiju's public URL:
 * without it there is no address an external hub could fetch, and nothing is pinged. What was last pinged is kept in
 * memory: after a restart every feed is pinged once, which costs a hub one fetch each.
 */
export function createPinger(opts: { config: () => Config; log: Logger; fetch?: typeof fetch }) {
  const doFetch = opts.fetch ?? fetch;
  const pinged = new Map<string, string>();
  return async function ping(render: RenderTopic): Promise<void> {
    const config = opts.config();
    const base = config.websub.callbackBase?.replace(/\/+$/, '');
    if (!base) return;
    for (const output of config.outputs) {
      const hubs = output.websub?.hubs ?? [];
      if (hubs.length === 0) continue;
      for (const ext of FORMATS) {
        const topic = `${base}/feeds/${output.id}.${ext}`;
        let hash: string;
        try {
          hash = createHash('sha256').update((await render(topic)).body).digest('hex');
        } catch {
          continue;
        }
        if (pinged.get(topic) === hash) continue;
        let ok = true;
        for (const hub of hubs) {
          try {
            const res = await doFetch(hub, { method: 'POST', body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': topic }), signal: AbortSignal.timeout(10_000) });
            if (res.status >= 300) throw new Error(`HTTP ${res.status}`);
          } catch (err) {
            ok = false;
            opts.log.warn({ hub, topic, err: (err as Error).message }, 'websub: could not ping the hub');
          }
        }
        if (ok) pinged.set(topic, hash);
      }
    }
  };
}
