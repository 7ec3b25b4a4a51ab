// Worker thread: consumes the ring until the end-of-stream marker and reports how many values it read.
import { parentPort, workerData } from "node:worker_threads";
import { BYTES_CONSUMED, HEAD, MASK, TAIL } from "./layout.js";

const control: Int32Array = workerData.control;
const stats: BigInt64Array = workerData.stats;
const slots: Float64Array = workerData.slots;

/** Takes one value, sleeping while the ring is empty (the producer notifies HEAD after each push). */
export function pop(): number {
  const tail = Atomics.load(control, TAIL);
  for (;;) {
    const head = Atomics.load(control, HEAD);
    if (head !== tail) break;
    Atomics.wait(control, HEAD, head);
  }
  // HEAD was seen past this slot above: pairs with the Atomics.store(control, HEAD, ...) in push().
  const value = slots[tail & MASK];
  // Hands the slot back only after reading it: the producer may overwrite it from now on.
  Atomics.store(control, TAIL, (tail + 1) | 0);
  Atomics.notify(control, TAIL);
  Atomics.add(stats, BYTES_CONSUMED, BigInt(Float64Array.BYTES_PER_ELEMENT));
  return value;
}

let count = 0;
for (let value = pop(); !Number.isNaN(value); value = pop()) count += 1;
parentPort?.postMessage(count);
