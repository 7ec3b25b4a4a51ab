import { generatedVisitorKeys } from "./visitor-keys.generated.js";

/** Visitor keys for every node type; mutable arrays because ESLint's types ask for them. */
export const visitorKeys: Record<string, string[]> = Object.fromEntries(
  Object.entries(generatedVisitorKeys).map(([type, keys]) => [type, [...keys]]),
);
