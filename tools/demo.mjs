// `npm run demo`: lint the bundled examples with their eslint.config.js, exactly as `npx eslint` would
// from inside examples/, and print each finding labelled as the example's intended mistake or not, from
// the table in examples/README.md. Exits 0 when linting ran, whatever it found.
// `node tools/demo.mjs --check` (after a build) exits 1 when the findings and that table disagree.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";

const examples = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "examples");
const check = process.argv.includes("--check");

/** `| \`qemu/poll.c:28\` | \`full-barrier-pairing\` | yes | why |` rows of examples/README.md, by key. */
function listedFindings() {
  const readme = readFileSync(path.join(examples, "README.md"), "utf8");
  const row = /^\| `([^`]+):(\d+)` \| `([a-z-]+)` \| (yes|no) \| (.+) \|$/gmu;
  return new Map([...readme.matchAll(row)].map(([, file, line, rule, intended, why]) =>
    [`${file}:${line} barriers/${rule}`, { intended: intended === "yes", why }]));
}

const listed = listedFindings();
const eslint = new ESLint({ cwd: examples });
const results = await eslint.lintFiles(["."]);
const counts = { intended: 0, "not intended": 0, unlisted: 0 };
const seen = new Set();
for (const result of results) {
  if (result.messages.length === 0) continue;
  const file = path.relative(examples, result.filePath).split(path.sep).join("/");
  console.log(`\n${file}`);
  for (const message of result.messages) {
    const key = `${file}:${message.line} ${message.ruleId ?? "(parse)"}`;
    const entry = listed.get(key);
    seen.add(key);
    const label = entry ? (entry.intended ? "intended" : "not intended") : "unlisted";
    counts[label] += 1;
    console.log(`  ${`${message.line}:${message.column}`.padEnd(6)} ${label.toUpperCase().padEnd(12)} ${message.ruleId ?? "(parse error)"}`);
    console.log(`         ${message.message}`);
    console.log(`         ${entry ? entry.why.replace(/`/gu, "") : "not in examples/README.md: a new finding, to be looked at and listed there"}`);
  }
}
const missed = [...listed.keys()].filter((key) => !seen.has(key));
for (const key of missed) console.log(`\nlisted in examples/README.md but not reported: ${key}`);

const total = results.reduce((sum, result) => sum + result.messages.length, 0);
console.log(`\nLinted ${results.length} files under examples/: ${total} findings, ${counts.intended} intended (the examples' `
  + `mistakes), ${counts["not intended"]} not intended, ${counts.unlisted} unlisted; ${missed.length} listed but not reported.`);
if (results.some((result) => result.messages.some((message) => message.fatal))) process.exitCode = 1;
if (check && (counts.unlisted > 0 || missed.length > 0)) process.exitCode = 1;
