#!/usr/bin/env node
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import plugin from "../index.js";
import { lintWithFindings, sarifFromRun } from "./sarif-command.js";
import { graphCommand, GRAPH_FORMATS, type GraphFormat } from "./graph-command.js";

const USAGE = `Usage:
  eslint-barriers sarif [dir] [--preset <name>] [-o <file>]
      Lint dir (default .) with its eslint.config.js, or with one preset, and write SARIF 2.1.0 whose
      results carry the partner of each pair as relatedLocations.
  eslint-barriers graph [dir] [--preset <name>] [--format dot|mermaid|html|json] [-o <file>]
      Write the pairing graph of the project under dir.`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      preset: { type: "string" },
      format: { type: "string", default: "dot" },
      output: { type: "string", short: "o" },
      help: { type: "boolean", short: "h" },
    },
  });
  const [command, directory = "."] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const cwd = path.resolve(directory);
  const presetConfig = values.preset ? plugin.configs[values.preset] : undefined;
  if (values.preset && !presetConfig) {
    console.error(`unknown preset "${values.preset}"; known: ${Object.keys(plugin.configs).join(", ")}`);
    return 2;
  }
  let output: string;
  if (command === "sarif") {
    const run = await lintWithFindings(cwd, ["."], presetConfig ? [presetConfig] : undefined);
    output = JSON.stringify(sarifFromRun(run, plugin.rules, cwd, plugin.meta.version), null, 2);
  } else if (command === "graph") {
    if (!GRAPH_FORMATS.includes(values.format as GraphFormat)) {
      console.error(`unknown format "${values.format}"; use one of ${GRAPH_FORMATS.join(", ")}`);
      return 2;
    }
    output = graphCommand(cwd, (presetConfig ?? plugin.configs.recommended)!, values.format as GraphFormat);
  } else {
    console.error(`unknown command "${command}"\n${USAGE}`);
    return 2;
  }
  if (values.output) writeFileSync(values.output, output);
  else process.stdout.write(output + "\n");
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
