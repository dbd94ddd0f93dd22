/** How warnings name an entry: its title, else its link, else its id. */
import type { ParsedItem } from '../model/item.ts';
import { attr, childElements, localName, textOf, type Element } from './dom.ts';
import type { RawEntry } from './entry.ts';
import { htmlToText } from './html.ts';

const MAX_LABEL = 100;

function clip(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > MAX_LABEL ? `${t.slice(0, MAX_LABEL)}…` : t;
}

/** `"标题" (https://…)`, `https://…`, `urn:…`, or a plain description when the entry has none of them. */
export function entryLabel(title: string | null, link: string | null, id: string | null): string {
  const t = title ? clip(title) : '';
  if (t) return link ? `"${t}" (${link})` : `"${t}"`;
  return link ?? (id ? clip(id) : 'an entry without title, link or id');
}

export function itemLabel(item: Pick<ParsedItem, 'title' | 'url' | 'guid'>): string {
  return entryLabel(item.title, item.url, item.guid);
}

export function rawEntryLabel(raw: RawEntry): string {
  return entryLabel(raw.title ? htmlToText(raw.title.value) : null, raw.link, raw.id);
}

function firstChild(el: Element, names: readonly string[]): Element | undefined {
  return childElements(el).find((c) => names.includes(localName(c)));
}

/** The label of an entry element, from its own title, link and id elements. */
export function xmlEntryLabel(el: Element): string {
  const title = firstChild(el, ['title']);
  const link = firstChild(el, ['link']);
  const id = firstChild(el, ['guid', 'id']);
  const href = link ? (attr(link, 'href') ?? textOf(link).trim()) : '';
  return entryLabel(title ? htmlToText(textOf(title)) : null, href || null, id ? textOf(id).trim() || null : null);
}
