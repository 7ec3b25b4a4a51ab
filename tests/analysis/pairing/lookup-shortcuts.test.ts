import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { OrderingPoint, SideAccess } from "../../../src/analysis/pairing/index.js";
import { commentsFor } from "../../../src/analysis/pairing/comment-claims.js";
import { bothSides, PairingIndex, type IndexedSide, type SideQuery } from "../../../src/analysis/pairing/pairing-index.js";
import { childHolding } from "../../../src/analysis/pairing/syntax-search.js";
import type { CommentNode, SyntaxNode } from "../../../src/languages/c/syntax-node.js";

// The shortcuts that keep large files linear must answer exactly what the plain scans answered,
// order included: the partners kept under the cap depend on it.

/** Few keys, one of them on most sides (a struct type every function shares), some owner-unknown. */
const KEYS = ["Slot.len", "Slot.len", "Slot.len", "Ring.head", "Ring.tail", "Dev.head", "?.head", "?.len", "counter"];

const sideAccess = (keyId: string): SideAccess => ({
  access: { key: { id: keyId, confidence: keyId.startsWith("?.") ? "owner-unknown" : "exact" }, op: "store" },
} as unknown as SideAccess);

const side = fc.array(fc.constantFrom(...KEYS).map(sideAccess), { maxLength: 4 });
const point = fc.record({
  write: fc.option(fc.record({ before: side, after: side }), { nil: undefined }),
  read: fc.option(fc.record({ before: side, after: side }), { nil: undefined }),
}).map((sides) => ({ id: "p", explicit: true, ...sides }) as unknown as OrderingPoint);
const SIDES: IndexedSide[] = ["writeAfter", "writeBefore", "readBefore", "readAfter"];
const query = fc.tuple(fc.constantFrom(...SIDES), side).map(([name, accesses]) => [name, accesses] as SideQuery);

describe("lookup shortcuts", () => {
  it("a two-sided lookup finds what intersecting the two lookups finds, in the same order", () => {
    fc.assert(fc.property(fc.array(point, { minLength: 1, maxLength: 60 }), query, query, (points, first, second) => {
      const index = new PairingIndex(points.map((each, ordinal) => ({ ...each, id: `p${ordinal}` })));
      expect(index.both(first, second)).toEqual(bothSides(index.lookup(first), index.lookup(second)));
    }), { seed: 14, numRuns: 300 });
  });

  it("a saturated two-sided lookup yields the same points in the same order, lazily", () => {
    // Every point stores the shared field before and after it: both lookups find them all.
    const shared = [sideAccess("Slot.len")];
    const points = Array.from({ length: 1500 }, (_, ordinal) => ({
      id: `p${ordinal}`, explicit: true,
      write: { before: ordinal % 3 === 0 ? [sideAccess("Ring.head")] : shared, after: shared },
    }) as unknown as OrderingPoint);
    const index = new PairingIndex(points);
    const first: SideQuery = ["writeBefore", shared];
    const second: SideQuery = ["writeAfter", shared];
    const exact = index.both(first, second);
    const lazy = [...index.eachOfBoth(first, second)];
    expect(lazy).toEqual(exact);
    expect(lazy).toEqual(points.filter((_, ordinal) => ordinal % 3 !== 0));
    let read = 0;
    for (const _ of index.eachOfBoth(first, second)) if (++read === 64) break;
    expect(read).toBe(64);
  });

  it("an unsaturated two-sided lookup yields exactly what the full one finds", () => {
    fc.assert(fc.property(fc.array(point, { minLength: 1, maxLength: 60 }), query, query, (points, first, second) => {
      const index = new PairingIndex(points.map((each, ordinal) => ({ ...each, id: `p${ordinal}` })));
      expect([...index.eachOfBoth(first, second)]).toEqual(index.both(first, second));
    }), { seed: 14, numRuns: 100 });
  });

  it("the comments attached to a line are those a scan of every comment finds", () => {
    const comment = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }));
    fc.assert(fc.property(fc.array(comment, { maxLength: 12 }), fc.integer({ min: 1, max: 40 }), (shapes, line) => {
      // Comments in source order: each starts on or after the line the previous one ends on.
      let at = 1;
      const comments: CommentNode[] = shapes.map(([gap, length], index) => {
        const start = at + gap;
        at = start + length;
        return { type: "Block", value: `c${index}`, range: [index * 10, index * 10 + 5], loc: { start: { line: start, column: 0 }, end: { line: at, column: 4 } } };
      });
      expect(commentsFor(line, comments)).toEqual(scannedCommentsFor(line, comments));
    }), { seed: 14, numRuns: 300 });
  });

  it("the child holding a range is the first one a scan of the children finds", () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 4 })), { maxLength: 10 }),
      fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 5 }), (shapes, start, length) => {
        let at = 0;
        const children = shapes.map(([gap, size]) => {
          const begin = at + gap;
          at = begin + size;
          return { type: "x", range: [begin, at], field: null, children: [], parent: null } as SyntaxNode;
        });
        const parent = { type: "p", range: [0, at], field: null, children, parent: null } as SyntaxNode;
        const range = [start, start + length] as const;
        expect(childHolding(parent, range)).toBe(children.find((child) => child.range[0] <= range[0] && child.range[1] >= range[1]));
      }), { seed: 14, numRuns: 300 });
  });
});

/** The scan `commentsFor` replaced: comments on the line, then the run of comments directly above it. */
function scannedCommentsFor(line: number, comments: readonly CommentNode[]): CommentNode[] {
  const attached = comments.filter((comment) => comment.loc.start.line <= line && comment.loc.end.line >= line);
  let nextLine = line;
  let last = -1;
  for (let index = comments.length - 1; index >= 0; index--) {
    if (comments[index]!.loc.end.line < line) {
      last = index;
      break;
    }
  }
  for (let index = last; index >= 0; index--) {
    const comment = comments[index]!;
    if (comment.loc.end.line !== nextLine - 1) break;
    attached.unshift(comment);
    nextLine = comment.loc.start.line;
  }
  return attached;
}
