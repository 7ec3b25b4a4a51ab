import type { Access, Call, Fence, IrEvent, Loop } from "./events.js";

/** Every leaf event of a function body, in source order (loop bodies and branch arms included). */
export function leafEvents(events: readonly IrEvent[]): (Access | Fence | Call)[] {
  const leaves: (Access | Fence | Call)[] = [];
  const visit = (list: readonly IrEvent[]) => {
    for (const event of list) {
      if (event.kind === "access" || event.kind === "fence" || event.kind === "call") leaves.push(event);
      else if (event.kind === "loop") visit(event.body);
      else if (event.kind === "branch") for (const arm of event.arms) visit(arm);
    }
  };
  visit(events);
  return leaves;
}

/** Every loop of a function body, outer loops before the loops they contain. */
export function loopsIn(events: readonly IrEvent[]): Loop[] {
  const loops: Loop[] = [];
  const visit = (list: readonly IrEvent[]) => {
    for (const event of list) {
      if (event.kind === "loop") {
        loops.push(event);
        visit(event.body);
      } else if (event.kind === "branch") for (const arm of event.arms) visit(arm);
    }
  };
  visit(events);
  return loops;
}
