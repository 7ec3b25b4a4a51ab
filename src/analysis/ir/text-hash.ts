import { createHash } from "node:crypto";

/** The hash by which a lowering's inputs are recorded (`FileIR.inputs`) and checked again by the index. */
export function textHash(text: string): string {
  return createHash("sha256").update(text).digest("base64url").slice(0, 22);
}
