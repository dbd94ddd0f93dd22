import { Router } from 'express';
import { listSourceStates } from '../../store/sources.ts';
import { getStory, lastChange, listStories, storyTagEvidence, type StorySummary } from '../../store/queries.ts';
import { tagCounts } from '../../store/tags.ts';
import { knownIds, type AppContext } from '../context.ts';
import { sendWithValidators } from '../conditional.ts';
import { HttpError } from '../errors.ts';
import { encodeCursor, parseStoryFilter } from '../params.ts';

function listEntry(s: StorySummary) {
  return {
    id: s.id,
    guid: s.guid,
    title: s.title,
    url: s.url,
    source: s.source,
    publishedAt: s.publishedAt,
    updatedAt: s.updatedAt,
    tags: s.tags,
    duplicates: s.duplicates.map((d) => ({ source: d.source, url: d.url, title: d.title })),
  };
}

export function apiRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/api/items', (req, res) => {
    const filter = parseStoryFilter(req, knownIds(ctx.config()), { cursor: true });
    // One extra row tells whether another page exists without a count query.
    const rows = listStories(ctx.db, { ...filter, limit: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    const body = JSON.stringify({ items: page.map(listEntry), next: rows.length > filter.limit && last ? encodeCursor(last) : null });
    sendWithValidators(req, res, body, { contentType: 'application/json; charset=utf-8', lastModified: lastChange(ctx.db), maxAgeSeconds: 60 });
  });

  router.get('/api/items/:id', (req, res) => {
    if (!/^\d+$/.test(req.params.id)) throw new HttpError(400, 'item id must be a whole number');
    const story = getStory(ctx.db, Number(req.params.id));
    if (!story) throw new HttpError(404, `no item ${req.params.id}`);
    const evidence = storyTagEvidence(ctx.db, story.id);
    res.set('Cache-Control', 'public, max-age=60');
    res.json({
      ...listEntry(story),
      summary: story.summary,
      contentHtml: story.contentHtml,
      author: story.author,
      categories: story.categories,
      tags: story.tags.map((tag) => ({
        id: tag,
        matches: evidence.filter((e) => e.tag === tag).map((e) => ({ itemId: e.itemId, score: e.score, evidence: e.evidence })),
      })),
      duplicates: story.duplicates.map((d) => ({
        source: d.source,
        url: d.url,
        title: d.title,
        publishedAt: d.publishedAt,
        mergedBy: d.matchRule ? { rule: d.matchRule, similarity: d.matchSimilarity } : null,
      })),
    });
  });

  router.get('/api/sources', (_req, res) => {
    const states = listSourceStates(ctx.db);
    res.set('Cache-Control', 'no-cache');
    res.json(
      ctx.config().sources.map((s) => {
        const st = states.get(s.id);
        const scheduled = s.enabled ? ctx.nextRun?.(s.id) : null;
        const gate = st?.nextFetchAt ?? null;
        const next = scheduled && gate ? (scheduled.toISOString() > gate ? scheduled.toISOString() : gate) : (scheduled?.toISOString() ?? gate);
        return {
          id: s.id,
          name: s.name,
          url: s.url,
          type: s.type,
          enabled: s.enabled,
          status: !st?.lastFetchAt ? 'pending' : st.consecutiveFailures > 0 ? 'error' : 'ok',
          lastFetchAt: st?.lastFetchAt ?? null,
          lastSuccessAt: st?.lastSuccessAt ?? null,
          lastError: st?.lastError ?? null,
          consecutiveFailures: st?.consecutiveFailures ?? 0,
          nextFetchAt: s.enabled ? next : null,
          itemCount: st?.itemCount ?? 0,
          charset: st?.charset ?? null,
          feedTitle: st?.feedTitle ?? null,
          permanentRedirect: st?.permanentRedirect ?? null,
        };
      }),
    );
  });

  router.get('/api/tags', (_req, res) => {
    const counts = tagCounts(ctx.db);
    res.set('Cache-Control', 'public, max-age=60');
    res.json(ctx.config().tags.map((t) => ({ id: t.id, label: t.label, parent: t.parent ?? null, count: counts.get(t.id) ?? 0 })));
  });

  return router;
}
