/**
 * Sets `key` in a map used as a bounded cache: when it already holds `max` entries, the oldest
 * (first inserted) goes first. Map keeps insertion order, so this is FIFO eviction.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  if (!map.has(key) && map.size >= max) map.delete(map.keys().next().value as K);
  map.set(key, value);
}
