// Main thread: creates the ring, starts the consumer and produces into the ring.
import { Worker } from "node:worker_threads";
import { BUFFER_BYTES, BYTES_CONSUMED, CAPACITY, END_OF_STREAM, HEAD, MASK, SLOTS_OFFSET, STATS_OFFSET, TAIL } from "./layout.js";

const buffer = new SharedArrayBuffer(BUFFER_BYTES);
const control = new Int32Array(buffer, 0, 2);
const stats = new BigInt64Array(buffer, STATS_OFFSET, 1);
const slots = new Float64Array(buffer, SLOTS_OFFSET, CAPACITY);

const consumer = new Worker(new URL("./worker.js", import.meta.url), { workerData: { control, stats, slots } });

/** Appends one value, sleeping while the ring is full (the consumer notifies TAIL when it frees a slot). */
export function push(value: number): void {
  const head = Atomics.load(control, HEAD);
  for (;;) {
    const tail = Atomics.load(control, TAIL);
    if (((head - tail) | 0) < CAPACITY) break;
    Atomics.wait(control, TAIL, tail);
  }
  Atomics.store(control, HEAD, (head + 1) | 0);
  slots[head & MASK] = value;
  Atomics.notify(control, TAIL);
}

for (let i = 0; i < 100_000; i += 1) push(Math.sin(i));
push(END_OF_STREAM);

consumer.on("message", (count: number) => {
  console.log(`consumer read ${count} values (${Atomics.load(stats, BYTES_CONSUMED)} bytes)`);
});
