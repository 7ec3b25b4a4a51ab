import { getHeapStatistics } from "node:v8";

export interface HeapUsage {
  used: number;
  limit: number;
}

/** What the index saw when it stopped reading files: the heap, and the IR it held then. */
export interface HeapWhenFull extends HeapUsage {
  /** Length of the IR's JSON held by the index then. */
  indexBytes: number;
  /** True when the heap itself was not yet full but the analysis over the index would fill it. */
  projected: boolean;
}

/**
 * The index reads no new file once the heap is this full: past it, V8 would soon stop the process with
 * "heap out of memory", and ESLint with it, without a word about which setting to change. The files
 * read so far stay, and the view's limitation says the tree did not fit and how to narrow it.
 */
export const HEAP_FULL_FRACTION = 0.85;

/**
 * Heap the analysis needs per byte of the index's IR (as JSON), the index's own copy included. The
 * index is not the largest part of a lint's memory: the ordering points, partner index, key usage and
 * type tables built over it, and the partners cached per linted file, are several times larger, and
 * are built after the last file is read: a guard that only watched the heap while reading let the 4x
 * growth corpus (23,521 files, a 4.3 GB heap) run out of heap all the same. Measured on QEMU HEAD
 * (273 MB of IR): 0.43 GB of heap for the index, 1.0 GB after the first linted file, a peak of 2.9 GB
 * of RSS when every file is linted: 8 bytes of heap per byte of IR leaves room for a whole-tree lint.
 */
export const ANALYSIS_HEAP_PER_INDEX_BYTE = 8;

/**
 * Views handed out between two sheddings at least (see `shouldShed`): a heap that stays full after one
 * would otherwise make every linted file rebuild the project-wide structures.
 */
const VIEWS_BETWEEN_SHEDDINGS = 100;

export function v8HeapUsage(): HeapUsage {
  const { used_heap_size: used, heap_size_limit: limit } = getHeapStatistics();
  return { used, limit };
}

/** Decides, from the heap and the index's size, whether the index may read another file. */
export class HeapGuard {
  private full: HeapWhenFull | undefined;
  private viewsSinceShedding = 0;

  constructor(private readonly heapUsage: () => HeapUsage = v8HeapUsage) {}

  /** Forgets the last verdict (a new scan asks again). */
  reset(): void {
    this.full = undefined;
  }

  /** The heap when the index last stopped reading, if it did since the last `reset`. */
  get whenFull(): HeapWhenFull | undefined {
    return this.full;
  }

  /**
   * Whether the index, holding `indexBytes` of IR, must read no further file: the heap is nearly full,
   * or the analysis built over the index would fill it. Once true, stays true until `reset`.
   */
  isFull(indexBytes: number): boolean {
    if (this.full) return true;
    const usage = this.heapUsage();
    const room = HEAP_FULL_FRACTION * usage.limit;
    const projected = indexBytes * ANALYSIS_HEAP_PER_INDEX_BYTE >= room;
    if (usage.used < room && !projected) return false;
    this.full = { ...usage, indexBytes, projected: usage.used < room };
    return true;
  }

  /**
   * Whether to hand out a new view of the same files, so that the project-wide structures and the
   * partners cached on the old one (which grow with every linted file) can be collected: the heap is
   * nearly full, and at least `VIEWS_BETWEEN_SHEDDINGS` views were asked for since the last time.
   * The structures are rebuilt, equal, on the next file: slower, never other reports.
   */
  shouldShed(): boolean {
    if (++this.viewsSinceShedding < VIEWS_BETWEEN_SHEDDINGS) return false;
    const usage = this.heapUsage();
    if (usage.used < HEAP_FULL_FRACTION * usage.limit) return false;
    this.viewsSinceShedding = 0;
    return true;
  }
}
