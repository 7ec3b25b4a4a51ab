// What the litmus tools share: their command line, the public collections they read by default,
// and how they walk a collection's files.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Local copies of paulmckrcu/litmus and the kernel's tools/memory-model/litmus-tests; not committed. */
export const DEFAULT_LITMUS_DIRS = ["/work/corpora/litmus", "/work/corpora/lkmm-litmus"];

/** `--name value` options and an `--all` flag taken out of argv; what remains are the directories. */
export function litmusToolArguments(argv, defaults) {
  const args = [...argv];
  const options = {};
  for (const [name, fallback] of Object.entries(defaults)) {
    const index = args.indexOf(`--${name}`);
    options[name] = index < 0 ? fallback : args.splice(index, 2)[1];
  }
  const allIndex = args.indexOf("--all");
  const showAll = allIndex >= 0;
  if (showAll) args.splice(allIndex, 1);
  return { options, showAll, dirs: args.length > 0 ? args : DEFAULT_LITMUS_DIRS };
}

/** Every `.litmus` file under `dir`, in path order. */
export function* litmusFiles(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* litmusFiles(path);
    else if (name.endsWith(".litmus")) yield path;
  }
}

/**
 * Every `.litmus` file under `dirs` with its text and its test as `read` parses it (`undefined` when
 * it cannot), in path order.
 */
export function* litmusTests(dirs, read) {
  for (const dir of dirs) {
    for (const path of litmusFiles(dir)) {
      const text = readFileSync(path, "utf8");
      let test;
      try {
        test = read(text);
      } catch {
        test = undefined;
      }
      yield { dir, path, text, test };
    }
  }
}
