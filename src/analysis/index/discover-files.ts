import { statSync } from "node:fs";
import { globSync } from "tinyglobby";
import { compareCodeUnits } from "./code-unit-order.js";

/**
 * The files under `root` that match `files` and none of `ignores`, as sorted absolute paths (sorted so
 * that ids, caps and reports do not depend on directory order). Symbolic links are not followed: a
 * linked directory would list its files twice, and a link cycle would never end.
 * Throws when `root` is not a directory; the index turns that into a limitation.
 */
export function discoverFiles(root: string, files: readonly string[], ignores: readonly string[]): string[] {
  if (!statSync(root).isDirectory()) throw new Error(`${root} is not a directory`);
  const found = globSync([...files], {
    cwd: root,
    absolute: true,
    ignore: [...ignores],
    onlyFiles: true,
    followSymbolicLinks: false,
    expandDirectories: false,
  });
  return [...new Set(found)].sort(compareCodeUnits);
}
