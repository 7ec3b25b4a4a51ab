import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import plugin from "../index.js";
import { parseInvocation, USAGE } from "./arguments.js";
import { CliError, oneLine } from "./cli-error.js";
import { graphCommand } from "./graph-command.js";
import { indexCommand } from "./index-command.js";
import { progressLine, summaryLine } from "./index-progress.js";
import { litmusCommand, parseLitmusTarget } from "./litmus-command.js";
import { lintWithFindings, sarifFromRun } from "./sarif-command.js";

export interface CliStreams {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The directory the command runs in: dir is resolved against it, and file names shown relative to it. */
  cwd: string;
  /**
   * Where a long command shows its progress, rewriting one line: given only when stderr is a terminal.
   * Without it nothing is shown.
   */
  progress?: (text: string) => void;
}

/** Exit codes, as eslint's own: no errors, problems of severity error, a usage or configuration error. */
export const EXIT = { ok: 0, problems: 1, error: 2 } as const;

/** Runs one command line; every failure is one line on stderr and exit code 2. */
export async function runCli(argv: readonly string[], io: CliStreams): Promise<number> {
  try {
    return await runInvocation(argv, io);
  } catch (error) {
    io.stderr(`eslint-barriers: ${oneLine(error)}\n`);
    return EXIT.error;
  }
}

async function runInvocation(argv: readonly string[], io: CliStreams): Promise<number> {
  const invocation = parseInvocation(argv);
  if (invocation.kind === "help") {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (invocation.kind === "version") {
    io.stdout(`v${plugin.meta.version}\n`);
    return EXIT.ok;
  }
  if (invocation.kind === "litmus") {
    const preset = invocation.preset === undefined ? undefined : presetConfig(invocation.preset);
    const text = await litmusCommand(parseLitmusTarget(invocation.target), io.cwd, preset);
    if (invocation.output === undefined) io.stdout(`${text}\n`);
    else writeOutput(path.resolve(io.cwd, invocation.output), text);
    return EXIT.ok;
  }
  const root = path.resolve(io.cwd, invocation.directory);
  if (!isDirectory(root)) throw new CliError(`no such directory: ${invocation.directory}`);
  const preset = invocation.preset === undefined ? undefined : presetConfig(invocation.preset);
  if (invocation.kind === "index") {
    const configFile = invocation.config === undefined ? {} : { overrideConfigFile: path.resolve(io.cwd, invocation.config) };
    const eslint = new ESLint({ cwd: root, ...configFile, ...(preset ? { overrideConfigFile: true, overrideConfig: [preset] } : {}) });
    const show = io.progress ? progressLine(io.progress, invocation.directory) : undefined;
    const summary = await indexCommand(eslint, {
      root, name: invocation.directory, concurrency: invocation.concurrency, ...(show ? { onProgress: show } : {}),
    }).catch((error: unknown) => {
      throw eslintError(error, invocation.directory);
    });
    io.progress?.(summaryLine(summary, invocation.directory));
    if (summary.failed.length > 0) {
      const named = summary.failed.slice(0, 3).map(({ file, reason }) => `${path.relative(io.cwd, file) || file} (${reason})`);
      const more = summary.failed.length > named.length ? `, and ${summary.failed.length - named.length} more` : "";
      io.stderr(`eslint-barriers: warning: ${summary.failed.length} file${summary.failed.length === 1 ? "" : "s"} could not be indexed: ${named.join(", ")}${more}\n`);
    }
    if (summary.withoutCache > 0 && summary.cacheDirectories.length === 0) {
      io.stderr("eslint-barriers: warning: nothing to build: the config turns the project index or its disk cache off\n");
    }
    return EXIT.ok;
  }
  let output: string;
  let exitCode: number = EXIT.ok;
  if (invocation.kind === "sarif") {
    const run = await lintWithFindings(root, ["."], preset ? [preset] : undefined).catch((error: unknown) => {
      throw eslintError(error, invocation.directory);
    });
    output = JSON.stringify(sarifFromRun(run, plugin.rules, io.cwd, plugin.meta.version), null, 2);
    if (run.results.some((result) => result.errorCount > 0)) exitCode = EXIT.problems;
  } else {
    const eslint = new ESLint({ cwd: root, ...(preset ? { overrideConfigFile: true, overrideConfig: [preset] } : {}) });
    const graph = await graphCommand(eslint, { root, name: invocation.directory, displayRoot: io.cwd, format: invocation.format }).catch((error: unknown) => {
      throw eslintError(error, invocation.directory);
    });
    for (const limitation of graph.limitations) io.stderr(`eslint-barriers: warning: the graph is incomplete: ${limitation}\n`);
    output = graph.text;
  }
  if (invocation.output === undefined) io.stdout(`${output}\n`);
  else writeOutput(path.resolve(io.cwd, invocation.output), output);
  return exitCode;
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function presetConfig(name: string): object {
  const config = plugin.configs[name];
  if (!config) throw new CliError(`unknown preset "${name}"; known: ${Object.keys(plugin.configs).join(", ")}`);
  return config;
}

/** ESLint's errors for a directory without files or without a config, said of the directory given. */
function eslintError(error: unknown, directory: string): unknown {
  const template = (error as { messageTemplate?: string } | undefined)?.messageTemplate;
  if (template === "file-not-found" || template === "all-matched-files-ignored") {
    return new CliError(`no files to lint under ${directory}`);
  }
  if (template === "config-file-missing") {
    return new CliError(`no eslint.config.* found for ${directory}; add one or use --preset`);
  }
  return error;
}

function writeOutput(file: string, text: string): void {
  try {
    writeFileSync(file, `${text}\n`);
  } catch (error) {
    throw new CliError(`cannot write ${file}: ${oneLine(error)}`);
  }
}
