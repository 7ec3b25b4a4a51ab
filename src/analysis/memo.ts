/** The value cached under `key`, made and cached on first use. */
export function getOrCreate<K extends object, V>(cache: WeakMap<K, V>, key: K, make: () => V): V;
export function getOrCreate<K, V>(cache: Map<K, V>, key: K, make: () => V): V;
export function getOrCreate<K extends object, V>(cache: Map<K, V> | WeakMap<K, V>, key: K, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}
