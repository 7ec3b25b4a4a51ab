import { MB_VARIABLE_MISMATCH } from "../analysis/mb-matching/index.js";
import { C_LANGUAGE, createBarrierRule } from "./kit/rule-kit.js";

/**
 * QEMU's mb forms (and acquire/release in general) synchronise only when the store and the load are
 * on the same variable: everything before `atomic_mb_set(&f)` is visible after `atomic_mb_read(&f)`,
 * nothing is promised after `atomic_mb_read(&g)`.
 */
export const mbVariableMismatch = createBarrierRule({
  name: MB_VARIABLE_MISMATCH,
  description: "Require mb sets and release stores to be read by mb reads or acquire loads of the same variable, not of another one",
  languages: [C_LANGUAGE],
  messages: {
    setNeverRead: "{{primitive}}({{variable}}) in {{function}}() publishes {{variable}}, but nothing in the project reads {{variable}} with an mb read, "
      + "an acquire load or a load before a read barrier. {{otherPrimitive}}({{other}}) in {{otherFunction}}() ({{otherWhere}}) waits for "
      + "{{other}} instead, which nothing publishes{{relation}}. The store and the load have to be on the same variable.",
    readNeverSet: "{{primitive}}({{variable}}) in {{function}}() waits for {{variable}}, but nothing in the project publishes {{variable}} with an mb set, "
      + "a release store or a store after a write barrier. {{otherPrimitive}}({{other}}) in {{otherFunction}}() ({{otherWhere}}) publishes "
      + "{{other}} instead, which nothing reads with matching strength{{relation}}. The store and the load have to be on the same variable.",
  },
});
