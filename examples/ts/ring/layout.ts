/**
 * Layout of a single-producer single-consumer ring in one SharedArrayBuffer:
 *
 *   bytes  0..7    control: Int32Array [HEAD, TAIL], free-running counters that wrap at 2^32
 *   bytes  8..15   stats:   BigInt64Array [bytes consumed]
 *   bytes 16..     slots:   Float64Array of CAPACITY values
 *
 * HEAD is written only by the producer, TAIL only by the consumer; each reads the other's.
 */
export const HEAD = 0;
export const TAIL = 1;
export const BYTES_CONSUMED = 0;

/** A power of two, so that `counter & MASK` is the slot of a counter, wrapped or not. */
export const CAPACITY = 1024;
export const MASK = CAPACITY - 1;

export const STATS_OFFSET = 8;
export const SLOTS_OFFSET = 16;
export const BUFFER_BYTES = SLOTS_OFFSET + CAPACITY * Float64Array.BYTES_PER_ELEMENT;

/** The producer pushes this last; the consumer stops when it reads it. */
export const END_OF_STREAM = Number.NaN;
