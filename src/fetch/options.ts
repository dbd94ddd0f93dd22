import type { Config } from '../config/schema.ts';
import { USER_AGENT } from '../version.ts';
import { proxySettingsFromEnv } from './proxy.ts';
import type { FetchOptions } from './types.ts';
import type { LimiterOptions } from './limiter.ts';
import type { ScheduleBounds } from './schedule-policy.ts';

/**
 * The `fetch` block of feeds.json, as the fetch stage's plain values (config is validated once, at the edge), with
 * the proxy settings of `env` (pass process.env: HTTPS_PROXY, HTTP_PROXY, NO_PROXY and their lower-case forms).
 */
export function fetchOptionsFromConfig(cfg: Config['fetch'], signal?: AbortSignal, env?: Readonly<Record<string, string | undefined>>): FetchOptions {
  const proxy = env ? proxySettingsFromEnv(env) : {};
  return {
    userAgent: USER_AGENT,
    timeoutMs: cfg.timeoutSeconds * 1000,
    maxBytes: cfg.maxBytes,
    maxRedirects: cfg.maxRedirects,
    denyPrivateNetworks: cfg.denyPrivateNetworks,
    ...(Object.keys(proxy).length > 0 ? { proxy } : {}),
    ...(signal ? { signal } : {}),
  };
}

export function limiterOptionsFromConfig(cfg: Config['fetch']): LimiterOptions {
  return { global: cfg.concurrency, perSite: cfg.perSiteConcurrency };
}

export function scheduleBoundsFromConfig(cfg: Config['fetch']): ScheduleBounds {
  return { minIntervalMs: cfg.minIntervalMinutes * 60_000, maxIntervalMs: cfg.maxIntervalHours * 3_600_000 };
}
