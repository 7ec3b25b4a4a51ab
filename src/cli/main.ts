#!/usr/bin/env node
import { runCli } from "./run-cli.js";

// A reader that stops early (`| head`) is not an error of ours.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  ...(process.stderr.isTTY ? { progress: (text: string) => process.stderr.write(text) } : {}),
});
