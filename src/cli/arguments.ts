import { parseArgs } from "node:util";
import { CliError } from "./cli-error.js";
import { GRAPH_FORMATS, type GraphFormat } from "./graph-command.js";

export const USAGE = `Usage: eslint-barriers <command> [dir] [options]

Commands:
  sarif [dir]   Lint dir (default .) with its ESLint config and write SARIF 2.1.0 whose results carry
                the partner of each pair as relatedLocations. Exit code 1 when a problem of
                severity error is found, as eslint's.
  graph [dir]   Write the pairing graph of the projects the config defines under dir.
  litmus <file>:<line>
                Write the pair behind the unpaired-barrier or full-barrier-pairing report at that
                line as a C litmus test for herd7; its exists clause is the report's witness.

Options:
  --preset <name>        Use this preset of the plugin instead of dir's eslint.config.*
  -f, --format <format>  graph: dot (default), svg, html, mermaid or json
  -o, --output <file>    Write to file instead of stdout
  -h, --help             Show this help
  -v, --version          Print the version

Exit codes: 0 no errors; 1 problems of severity error (sarif); 2 a usage or configuration error.
File names are shown relative to the directory the command runs in.`;

export type Invocation =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "sarif" | "graph"; directory: string; preset?: string; format: GraphFormat; output?: string }
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
  if (!command) throw new CliError("no command given; use sarif, graph or litmus (see --help)");
  if (command === "litmus") return litmusInvocation(positionals.slice(1), values);
  if (command !== "sarif" && command !== "graph") throw new CliError(`unknown command "${command}"; use sarif, graph or litmus (see --help)`);
  if (extra.length > 0) throw new CliError(`one directory at most, got ${[directory, ...extra].map((name) => `"${name}"`).join(", ")}`);
  const format = values.format ?? "dot";
  if (!GRAPH_FORMATS.includes(format as GraphFormat)) throw new CliError(`unknown format "${format}"; use one of ${GRAPH_FORMATS.join(", ")}`);
  if (values.format !== undefined && command !== "graph") throw new CliError("--format applies to graph only; sarif writes SARIF");
  return {
    kind: command, directory, format: format as GraphFormat,
    ...(values.preset !== undefined ? { preset: values.preset } : {}),
    ...(values.output !== undefined ? { output: values.output } : {}),
  };
}

function litmusInvocation(targets: readonly string[], values: ReturnType<typeof parseOptions>["values"]): Invocation {
  if (targets.length !== 1) throw new CliError("litmus takes one <file>:<line>");
  if (values.format !== undefined) throw new CliError("--format applies to graph only; litmus writes a litmus test");
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
      output: { type: "string", short: "o" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}
