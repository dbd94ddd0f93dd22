import { describe, expect, it } from 'vitest';
import { bandsOfFingerprint, computeFeatures, FINGERPRINT_PARAMS, SNIPPET_CHARS, type DedupInput } from '../../src/dedup/index.ts';

const item: DedupInput = {
  sourceId: 'people',
  url: 'http://politics.people.com.cn/n1/2020/0825/c1001-31835118.html',
  title: '水利部将水旱灾害防御应急响应等级调整为Ⅲ级',
  text: '　　新华社北京8月24日电（记者戴小河）记者24日从水利部了解到，当前长江上游干流寸滩江段已降至警戒水位以下，三峡水库入库流量减至35000立方米每秒以下。鉴于当前水旱灾害防御形势，水利部决定于24日17时将水旱灾害防御Ⅱ级应急响应等级调整为Ⅲ级。',
  publishedAt: '2020-08-25T08:00:00.000Z',
};

describe('computeFeatures', () => {
  it('gives one 32-bit key per configured band, each band hashed apart from the others', () => {
    const f = computeFeatures(item);
    expect(f.bands).toHaveLength(FINGERPRINT_PARAMS.bands);
    for (const b of f.bands) expect(Number.isInteger(b) && b >= 0 && b < 2 ** 32).toBe(true);
    expect(new Set(f.bands).size).toBe(FINGERPRINT_PARAMS.bands);
  });

  it('gives the same bands again from the stored fingerprint, which is how the band index is rebuilt', () => {
    const f = computeFeatures(item);
    expect(bandsOfFingerprint(f.fingerprint)).toEqual(f.bands);
    expect(bandsOfFingerprint(computeFeatures({ ...item, title: '快讯', text: '' }).fingerprint)).toEqual([]);
    expect(bandsOfFingerprint('not a fingerprint')).toEqual([]);
  });

  it('encodes the shingle count and one 32-bit minimum per hash in the fingerprint', () => {
    const f = computeFeatures(item);
    const hashes = FINGERPRINT_PARAMS.bands * FINGERPRINT_PARAMS.rows;
    expect(f.fingerprint).toMatch(new RegExp(`^\\d+:[0-9a-f]{${hashes * 8}}$`));
  });

  it('is deterministic', () => {
    expect(computeFeatures(item)).toEqual(computeFeatures({ ...item }));
  });

  it('strips the dateline from the snippet and caps its length', () => {
    const f = computeFeatures({ ...item, text: item.text.repeat(5) });
    expect(f.snippet.startsWith('记者24日从水利部了解到')).toBe(true);
    expect([...f.snippet].length).toBe(SNIPPET_CHARS);
  });

  it('gives a Traditional-script, full-width, relabelled reprint the same keys', () => {
    const f = computeFeatures(item);
    const g = computeFeatures({
      ...item,
      url: 'https://politics.people.com.cn/n1/2020/0825/c1001-31835118.html?utm_source=wx#top',
      title: '【快訊】水利部將水旱災害防禦應急響應等級調整為Ⅲ級_新華網',
      text: '新華社北京８月２４日電（記者戴小河）記者２４日從水利部瞭解到，當前長江上游幹流寸灘江段已降至警戒水位以下，三峽水庫入庫流量減至３５０００立方米每秒以下。鑒於當前水旱災害防禦形勢，水利部決定於２４日１７時將水旱災害防禦Ⅱ級應急響應等級調整為Ⅲ級。',
    });
    expect(g.canonicalUrl).toBe(f.canonicalUrl);
    expect(g.titleKey).toBe(f.titleKey);
    const shared = g.bands.filter((b) => f.bands.includes(b)).length;
    expect(shared).toBeGreaterThan(FINGERPRINT_PARAMS.bands / 2);
  });

  it('gives no bands to a text too short to fingerprint, so it cannot collide with every other short item', () => {
    expect(computeFeatures({ ...item, title: '快讯', text: '' }).bands).toEqual([]);
  });

  it('survives empty and odd input', () => {
    const f = computeFeatures({ sourceId: 's', url: 'javascript:alert(1)', title: '', text: '', publishedAt: '' });
    expect(f).toMatchObject({ canonicalUrl: null, titleKey: '', bands: [], snippet: '' });
  });
});
