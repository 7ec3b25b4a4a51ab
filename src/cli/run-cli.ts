import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import plugin from "../index.js";
import { parseInvocation, USAGE } from "./arguments.js";
import { CliError, oneLine } from "./cli-error.js";
import { graphCommand } from "./graph-command.js";
import { litmusCommand, parseLitmusTarget } from "./litmus-command.js";
import { lintWithFindings, sarifFromRun } from "./sarif-command.js";

export interface CliStreams {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The directory the command runs in: dir is resolved against it, and file names shown relative to it. */
  cwd: string;
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
