import type { Site } from "./ir/site.js";

/** A place a finding refers to besides its own: the partner of a pair, the access on the wrong side. */
export interface RelatedLocation {
  site: Site;
  /** Short human label: "pairs with smp_rmb() in virtqueue_pop()". */
  label: string;
}

export interface TextEdit {
  range: [number, number];
  text: string;
}

export interface FindingSuggestion {
  messageId: string;
  data: Record<string, string>;
  edits: TextEdit[];
}

/**
 * What the analysis concludes, as plain data. A rule turns the findings carrying its name into
 * reports; `messageId` and `data` fill the rule's own `meta.messages`.
 */
export interface Finding {
  rule: string;
  messageId: string;
  site: Site;
  data: Record<string, string>;
  related: RelatedLocation[];
  suggestions?: FindingSuggestion[];
}
