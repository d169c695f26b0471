/** One item of a news feed, normalised whatever the feed's format (RSS 0.9x/1.0/2.0, Atom). */
export interface NewsItem {
  /** Stable across polls: the guid, else the link, else a hash of title and date. */
  id: string;
  title: string;
  url?: string;
  /** ISO instant, when the feed gives a date that can be read. */
  publishedAt?: string;
  /** Plain text (markup removed), possibly shortened. */
  summary?: string;
  /** The id of the source (feeds/sources.json) the item came from. */
  source: string;
}
