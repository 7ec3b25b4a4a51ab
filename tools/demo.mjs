// `npm run demo`: lint the bundled examples with their eslint.config.js, exactly as `npx eslint` would
// from inside examples/, then print a per-rule count. Exits 0 when linting ran, whatever it found.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";

const examples = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "examples");
const eslint = new ESLint({ cwd: examples });
const results = await eslint.lintFiles(["."]);
const formatter = await eslint.loadFormatter("stylish");
const output = await formatter.format(results);
console.log(output || "No problems found.");

const perRule = new Map();
for (const result of results) {
  for (const message of result.messages) perRule.set(message.ruleId ?? "(parse)", (perRule.get(message.ruleId ?? "(parse)") ?? 0) + 1);
}
console.log(`Linted ${results.length} files under examples/.`);
for (const [rule, count] of [...perRule].sort()) console.log(`  ${rule}: ${count}`);
if (results.some((result) => result.messages.some((message) => message.fatal))) process.exitCode = 1;
