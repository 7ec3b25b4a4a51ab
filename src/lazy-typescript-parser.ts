import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

type Parser = { parseForESLint(code: string, options?: unknown): unknown };
let parser: Parser | undefined;

/**
 * @typescript-eslint/parser pulls in the TypeScript compiler, which costs a large share of start-up
 * time. C-only runs never need it, so the `js` preset gets this wrapper that loads it on first use.
 */
export const lazyTypescriptParser = {
  meta: { name: "@typescript-eslint/parser (loaded on first use)" },
  parseForESLint(code: string, options?: unknown): unknown {
    parser ??= require("@typescript-eslint/parser") as Parser;
    return parser.parseForESLint(code, withoutUnusedNodeMaps(options));
  },
};

/**
 * Without type information the maps between ESTree and TypeScript nodes serve no rule of the
 * plugin, and they keep TypeScript's whole tree alive beside ESLint's for the length of the lint:
 * about 150 MB for each MB of a large file. They are kept when the configuration asks for types
 * (`project`, `projectService`, `programs`) or sets `preserveNodeMaps` itself.
 */
function withoutUnusedNodeMaps(options: unknown): unknown {
  const given = typeof options === "object" && options !== null ? (options as Record<string, unknown>) : {};
  const typed = ["project", "projectService", "programs"].some((key) => given[key] !== undefined && given[key] !== false && given[key] !== null);
  return typed || "preserveNodeMaps" in given ? options : { ...given, preserveNodeMaps: false };
}
