/** A mistake in how the command was called or what it was pointed at: one line, exit code 2. */
export class CliError extends Error {
  override name = "CliError";
}

/** The first line of an error's message: ESLint's errors can carry a paragraph of advice. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n").map((line) => line.trim()).find((line) => line.length > 0) ?? "unknown error";
}
