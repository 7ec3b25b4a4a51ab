/**
 * The order in which one thread lowers the project's files on a cold cache. Every ESLint worker thread
 * builds its own index from the same sorted list; if all walked it from the start, each would lower
 * every file. Instead, threads walk it from different points, in pairs going opposite ways (thread 1
 * forwards from 0, thread 2 backwards from 0, threads 3 and 4 the same from the middle, then from the
 * quarters...): each finds the files the others already lowered in the disk cache, so on a cold cache N
 * threads lower about n/N files each instead of n. `threadId` 0 (the main thread) walks like thread 1.
 * Only the order of work changes; the view is sorted by path whatever the order.
 */
export function loadOrder<T>(items: readonly T[], threadId: number): T[] {
  const n = items.length;
  if (n === 0) return [];
  const walker = Math.max(1, threadId);
  const pair = Math.ceil(walker / 2) - 1;
  const start = Math.floor(vanDerCorput(pair) * n) % n;
  const forward = walker % 2 === 1;
  const ordered: T[] = new Array<T>(n);
  for (let step = 0; step < n; step++) {
    const position = forward ? (start + step) % n : (start - 1 - step + 2 * n) % n;
    ordered[step] = items[position]!;
  }
  return ordered;
}

/** 0, 1/2, 1/4, 3/4, 1/8, ...: each new point halves the largest gap left by the previous ones. */
function vanDerCorput(index: number): number {
  let value = 0;
  let weight = 0.5;
  for (let rest = index; rest > 0; rest = Math.floor(rest / 2), weight /= 2) {
    if (rest % 2 === 1) value += weight;
  }
  return value;
}
