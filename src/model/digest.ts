/**
 * A daily digest as published: the day's top stories by coverage, frozen when it is published. The store keeps it as
 * written and hands it back unchanged, so a reader that saw it never sees it again as new or edited.
 */
export interface DigestStory {
  /** The story's id then (a later merge or retention may remove it; the digest keeps what it said). */
  id: number;
  guid: string;
  title: string;
  url: string | null;
  publishedAt: string;
  tags: string[];
  /** Every outlet that carried it by the time the digest was published, the representative first. */
  outlets: { id: string; name: string; url: string | null }[];
}

export interface PublishedDigest {
  /** The feeds.json output that publishes it. */
  outputId: string;
  /** The day it is for, as a date in the digest's time zone: YYYY-MM-DD. */
  day: string;
  /** The scheduled publishing instant (ISO, UTC): the end of the 24 hours it covers. */
  publishedAt: string;
  /** Start of the 24 hours it covers (ISO, UTC). */
  since: string;
  stories: DigestStory[];
}
