export { MB_VARIABLE_MISMATCH, mbVariableMismatchChecker } from "./mismatch-checker.js";
export { PublicationView } from "./project-facts.js";
export { fileFacts, type FileFacts, type Trigger } from "./publication-facts.js";
export { KeyCounter } from "./key-counter.js";
