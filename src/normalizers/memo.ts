/**
 * A bounded cache for a normalizer whose output depends only on its key (the input text, and the country
 * where that matters). CRM columns repeat values (first names, employers, streets, dates), but some never
 * do (emails, phone numbers): when a stretch of lookups finds almost nothing, the cache is emptied and
 * skipped for a while, so unique values cost neither a map entry nor garbage-collector time.
 */
export interface Memo<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
}

const WINDOW = 4096;
/** Fewer hits than this in a window of lookups: caching does not pay. */
const MIN_HITS = WINDOW / 16;
/** Lookups skipped before caching is tried again (values may start repeating later in a file). */
const PAUSE = WINDOW * 16;

export function createMemo<V>(limit = 100_000): Memo<V> {
  const map = new Map<string, V>();
  let lookups = 0;
  let hits = 0;
  let paused = 0;
  return {
    get(key) {
      if (paused > 0) {
        paused -= 1;
        return undefined;
      }
      const found = map.get(key);
      if (found !== undefined) hits += 1;
      if (++lookups === WINDOW) {
        if (hits < MIN_HITS) {
          map.clear();
          paused = PAUSE;
        }
        lookups = 0;
        hits = 0;
      }
      return found;
    },
    set(key, value) {
      if (paused > 0) return;
      if (map.size >= limit) map.clear();
      map.set(key, value);
    },
  };
}
