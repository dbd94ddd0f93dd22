import { afterEach, describe, expect, it } from 'vitest';
import { startInProcess, type InProcess } from './in-process.ts';

const config = {
  sources: ['a', 'b', 'c'].map((id) => ({ id, name: id, url: `http://example.com/${id}.xml` })).concat([
    { id: 'off', name: 'off', url: 'http://example.com/off.xml', enabled: false } as never,
  ]),
};

let app: InProcess | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const at = new Date().toISOString();
const fail = (id: string) => app!.db.store.recordFailure(id, { at, error: 'host not found: example.com', nextFetchAt: at });
const succeed = (id: string) => app!.db.store.transaction((tx) => tx.recordSuccess(id, { at, nextFetchAt: at, permanentRedirect: null }));

async function health(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await app!.get(path);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('/healthz and /readyz', () => {
  it('say "ok" while sources wait for their first fetch', async () => {
    app = await startInProcess({ config });
    const h = await health('/healthz');
    expect(h).toEqual({ status: 200, body: expect.objectContaining({ status: 'ok', database: 'ok', sources: 4 }) });
    expect(h.body.sourceStatus).toEqual({ ok: 0, failing: 0, pending: 3 });
    expect((await health('/readyz')).status).toBe(200);
  });

  it('say "degraded" when every source is failing: /healthz still 200 (no restart), /readyz 503', async () => {
    app = await startInProcess({ config });
    for (const id of ['a', 'b', 'c', 'off']) await fail(id);
    const h = await health('/healthz');
    expect(h.status).toBe(200);
    expect(h.body).toMatchObject({ status: 'degraded', database: 'ok', sourceStatus: { ok: 0, failing: 3, pending: 0 } });
    const r = await health('/readyz');
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ status: 'degraded', sourceStatus: { ok: 0, failing: 3, pending: 0 } });
  });

  it('say "degraded" while more sources fail than work, and "ok" again once most work', async () => {
    app = await startInProcess({ config });
    await fail('a');
    await fail('b');
    await succeed('c');
    expect((await health('/healthz')).body).toMatchObject({ status: 'degraded', sourceStatus: { ok: 1, failing: 2, pending: 0 } });
    await succeed('b');
    const h = await health('/healthz');
    expect(h.body).toMatchObject({ status: 'ok', sourceStatus: { ok: 2, failing: 1, pending: 0 } });
    expect((await health('/readyz')).status).toBe(200);
  });

  it('are never cached', async () => {
    app = await startInProcess({ config });
    for (const path of ['/healthz', '/readyz']) expect((await app.get(path)).headers.get('cache-control')).toBe('no-store');
  });
});
