import type { FileIR } from "../ir/function-ir.js";
import type { ProjectView } from "../project-view.js";
import { sha256 } from "./lowering-fingerprint.js";

/**
 * The sha256 of the JSON each indexed FileIR was read back from, by the object the index holds. Lets
 * the linted file's own lowering be compared with the index's copy without serialising the copy again.
 */
const payloadHashes = new WeakMap<FileIR, string>();

/** Records the hash of the JSON `fileIR` was parsed from (the index's copies only). */
export function recordPayloadHash(fileIR: FileIR, hash: string): void {
  payloadHashes.set(fileIR, hash);
}

/**
 * The project's own copy of the linted file when it is the same IR as `fresh` (same JSON), else
 * `fresh`. The analysis then holds one IR of the file, and every structure the project view already
 * built over that copy (flow graphs, ordering points) serves the lint too, instead of a second one
 * built over a fresh but equal copy; for a file of several megabytes that halves what the lint holds.
 * The copy is the JSON of `fresh` read back, which is what every other file of the project is.
 */
export function indexedCopyIfSame(project: ProjectView, fresh: FileIR): FileIR {
  const copy = project.fileNamed?.(fresh.file);
  const expected = copy && payloadHashes.get(copy);
  if (!copy || expected === undefined) return fresh;
  let payload: string;
  try {
    payload = JSON.stringify(fresh);
  } catch {
    return fresh;
  }
  return sha256(payload) === expected ? copy : fresh;
}
