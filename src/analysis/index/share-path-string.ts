/**
 * Calls `visit` on every record (non-array object) of a value read back from JSON, parents before
 * their children, and then walks what the record holds after the visit. Generic over the object graph,
 * so that the walks over cached IR stay right whatever events the IR gains.
 */
export function forEachRecord(root: unknown, visit: (record: Record<string, unknown>) => void): void {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === "object" && item !== null) pending.push(item);
      continue;
    }
    const record = value as Record<string, unknown>;
    visit(record);
    for (const key in record) {
      const item = record[key];
      if (typeof item === "object" && item !== null) pending.push(item);
    }
  }
}

/**
 * Makes every `file` property equal to `file` in a value read back from JSON point at one string.
 * JSON.parse gives each of a file's thousands of sites its own copy of the path; on QEMU sharing it
 * saves an eighth of the index's memory (442 MB -> 386 MB) for about a tenth more parse time.
 */
export function sharePathString<T>(root: T, file: string): T {
  forEachRecord(root, (record) => {
    if (record.file === file) record.file = file;
  });
  return root;
}
