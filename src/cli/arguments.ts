import { parseArgs } from "node:util";
import { CliError } from "./cli-error.js";
import { GRAPH_FORMATS, type GraphFormat } from "./graph-command.js";
import type { Concurrency } from "./index-command.js";

export const USAGE = `Usage: eslint-barriers <command> [dir] [options]

Commands:
  sarif [dir]   Lint dir (default .) with its ESLint config and write SARIF 2.1.0 whose results carry
                the partner of each pair as relatedLocations. Exit code 1 when a problem of
                severity error is found, as eslint's.
  graph [dir]   Write the pairing graph of the projects the config defines under dir.
  index [dir]   Build the project index's disk cache for dir once (as the rules will read it), so that
                later lint runs, in this job or in others sharing the cache, start warm. Shows its
                progress on a terminal; prints nothing otherwise.
  litmus <file>:<line>
                Write the pair behind the unpaired-barrier or full-barrier-pairing report at that
                line as a C litmus test for herd7; its exists clause is the report's witness.

Options:
  --preset <name>        Use this preset of the plugin instead of dir's eslint.config.*
  -f, --format <format>  graph: dot (default), svg, html, mermaid or json
  --concurrency <n>      index: worker threads, a number, auto or off (default), as eslint's
  -c, --config <file>    index: use this config file instead of dir's eslint.config.*, as eslint's
  -o, --output <file>    Write to file instead of stdout
  -h, --help             Show this help
  -v, --version          Print the version

Exit codes: 0 no errors; 1 problems of severity error (sarif); 2 a usage or configuration error.
File names are shown relative to the directory the command runs in.`;

export type Invocation =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "sarif" | "graph"; directory: string; preset?: string; format: GraphFormat; output?: string }
  | { kind: "index"; directory: string; preset?: string; config?: string; concurrency: Concurrency }
  | { kind: "litmus"; target: string; preset?: string; output?: string };

/** Reads the command line; a mistake in it throws a CliError naming the mistake. */
export function parseInvocation(argv: readonly string[]): Invocation {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    // Node's messages here are one sentence with advice after it: keep the sentence.
    throw new CliError((error instanceof Error ? error.message : String(error)).split(". ")[0]!.replace(/\.$/u, ""));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const [command, directory = ".", ...extra] = positionals;
  if (!command) throw new CliError("no command given; use sarif, graph, index or litmus (see --help)");
  if (command === "litmus") return litmusInvocation(positionals.slice(1), values);
  if (command !== "sarif" && command !== "graph" && command !== "index") throw new CliError(`unknown command "${command}"; use sarif, graph, index or litmus (see --help)`);
  if (extra.length > 0) throw new CliError(`one directory at most, got ${[directory, ...extra].map((name) => `"${name}"`).join(", ")}`);
  if (values.concurrency !== undefined && command !== "index") throw new CliError("--concurrency applies to index only");
  if (values.config !== undefined && command !== "index") throw new CliError("--config applies to index only");
  if (command === "index") {
    if (values.format !== undefined) throw new CliError("--format applies to graph only; index writes the disk cache");
    if (values.output !== undefined) throw new CliError("--output does not apply to index: it writes the disk cache the config names");
    if (values.config !== undefined && values.preset !== undefined) throw new CliError("--config and --preset cannot be used together");
    return {
      kind: "index", directory, concurrency: parseConcurrency(values.concurrency ?? "off"),
      ...(values.preset !== undefined ? { preset: values.preset } : {}),
      ...(values.config !== undefined ? { config: values.config } : {}),
    };
  }
  const format = values.format ?? "dot";
  if (!GRAPH_FORMATS.includes(format as GraphFormat)) throw new CliError(`unknown format "${format}"; use one of ${GRAPH_FORMATS.join(", ")}`);
  if (values.format !== undefined && command !== "graph") throw new CliError("--format applies to graph only; sarif writes SARIF");
  return {
    kind: command, directory, format: format as GraphFormat,
    ...(values.preset !== undefined ? { preset: values.preset } : {}),
    ...(values.output !== undefined ? { output: values.output } : {}),
  };
}

/** As eslint's `--concurrency`: a positive integer, `auto` or `off`. */
function parseConcurrency(text: string): Concurrency {
  if (text === "auto" || text === "off") return text;
  if (/^[1-9]\d*$/u.test(text)) return Number(text);
  throw new CliError(`--concurrency takes a positive number, auto or off, not "${text}"`);
}

function litmusInvocation(targets: readonly string[], values: ReturnType<typeof parseOptions>["values"]): Invocation {
  if (targets.length !== 1) throw new CliError("litmus takes one <file>:<line>");
  if (values.format !== undefined) throw new CliError("--format applies to graph only; litmus writes a litmus test");
  if (values.concurrency !== undefined) throw new CliError("--concurrency applies to index only");
  if (values.config !== undefined) throw new CliError("--config applies to index only");
  return {
    kind: "litmus", target: targets[0]!,
    ...(values.preset !== undefined ? { preset: values.preset } : {}),
    ...(values.output !== undefined ? { output: values.output } : {}),
  };
}

function parseOptions(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      preset: { type: "string" },
      format: { type: "string", short: "f" },
      concurrency: { type: "string" },
      config: { type: "string", short: "c" },
      output: { type: "string", short: "o" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}
