/** The final-state proposition of a test (herd's exists / ~exists / forall clause). */
import type { Value } from "./events.js";
import { sameValue, showValue } from "./events.js";

export type Place = { readonly thread: number; readonly reg: string } | { readonly loc: string };

export type Prop =
  | { readonly kind: "eq"; readonly place: Place; readonly value: Value; readonly negated?: boolean }
  | { readonly kind: "and" | "or"; readonly parts: readonly Prop[] }
  | { readonly kind: "not"; readonly arg: Prop }
  | { readonly kind: "const"; readonly value: boolean };

export type Quantifier = "exists" | "not-exists" | "forall";

export interface FinalCondition {
  readonly quantifier: Quantifier;
  readonly prop: Prop;
}

/** What is known when a proposition is evaluated: unknown places yield undefined. */
export type Lookup = (place: Place) => Value | undefined;

/** Three-valued evaluation: undefined when the known places do not decide it. */
export function evaluate(prop: Prop, lookup: Lookup): boolean | undefined {
  switch (prop.kind) {
    case "const":
      return prop.value;
    case "eq": {
      const v = lookup(prop.place);
      if (v === undefined) return undefined;
      return sameValue(v, prop.value) !== (prop.negated ?? false);
    }
    case "not": {
      const v = evaluate(prop.arg, lookup);
      return v === undefined ? undefined : !v;
    }
    case "and": {
      let unknown = false;
      for (const p of prop.parts) {
        const v = evaluate(p, lookup);
        if (v === false) return false;
        if (v === undefined) unknown = true;
      }
      return unknown ? undefined : true;
    }
    case "or": {
      let unknown = false;
      for (const p of prop.parts) {
        const v = evaluate(p, lookup);
        if (v === true) return true;
        if (v === undefined) unknown = true;
      }
      return unknown ? undefined : false;
    }
  }
}

export function showPlace(p: Place): string {
  return "loc" in p ? p.loc : `${p.thread}:${p.reg}`;
}

export function showProp(prop: Prop): string {
  switch (prop.kind) {
    case "const":
      return prop.value ? "true" : "false";
    case "eq":
      return `${showPlace(prop.place)}${prop.negated ? "!=" : "="}${showValue(prop.value)}`;
    case "not":
      return `~(${showProp(prop.arg)})`;
    case "and":
    case "or":
      return `(${prop.parts.map(showProp).join(prop.kind === "and" ? " /\\ " : " \\/ ")})`;
  }
}

export function showCondition(c: FinalCondition): string {
  const q = c.quantifier === "exists" ? "exists" : c.quantifier === "forall" ? "forall" : "~exists";
  return `${q} ${showProp(c.prop)}`;
}
