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
    return parser.parseForESLint(code, options);
  },
};
