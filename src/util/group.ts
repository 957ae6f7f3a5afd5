// Groups items by a key, in one pass (push, not copy: the lists can hold 100,000 results).
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Items by a key, the first item of a key kept (as a template's first resource of a name is the one named); items without a key left out. */
export function firstBy<T, K>(items: Iterable<T>, key: (item: T) => K | undefined): Map<K, T> {
  const out = new Map<K, T>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined && !out.has(k)) out.set(k, item);
  }
  return out;
}
