import {
  ConfigCommentParser, Directive, TextSourceCodeBase, VisitNodeStep,
} from "@eslint/plugin-kit";
import type { FileProblem, RulesConfig, SourceLocation, TraversalStep } from "@eslint/core";

interface InlineConfigElement {
  config: { rules: RulesConfig };
  loc: SourceLocation;
}
import type { CommentNode, SyntaxNode, TranslationUnit } from "./syntax-node.js";
import type { ParseDiagnostics } from "./parse-c.js";
import { visitorKeys } from "./visitor-keys.js";

const INLINE_CONFIG = /^\s*(?:eslint(?:-enable|-disable(?:(?:-next)?-line)?)?)(?:\s|$)/u;
const commentParser = new ConfigCommentParser();

type CSourceCodeOptions = {
  LangOptions: Record<string, unknown>;
  RootNode: TranslationUnit;
  SyntaxElementWithLoc: SyntaxNode | CommentNode;
  ConfigNode: CommentNode;
};

/** The SourceCode of a C file: text, lines, ranges, parents, comments and directive comments. */
export class CSourceCode extends TextSourceCodeBase<CSourceCodeOptions> {
  declare ast: TranslationUnit;
  readonly comments: CommentNode[];
  readonly visitorKeys = visitorKeys;
  /** How many ERROR / MISSING nodes tree-sitter produced; analysis continues around them. */
  readonly parseDiagnostics: ParseDiagnostics;
  #inlineConfigComments: CommentNode[] | undefined;

  constructor({ text, ast, parseDiagnostics }: { text: string; ast: TranslationUnit; parseDiagnostics: ParseDiagnostics }) {
    super({ text, ast });
    this.comments = ast.comments;
    this.parseDiagnostics = parseDiagnostics;
  }

  /** Nodes carry no `loc` (see build-syntax-tree.ts); comments and the root do. */
  override getLoc(nodeOrComment: SyntaxNode | CommentNode): SourceLocation {
    if (nodeOrComment.loc) return nodeOrComment.loc;
    const [start, end] = nodeOrComment.range;
    return { start: this.getLocFromIndex(start), end: this.getLocFromIndex(end) };
  }

  override getParent(node: SyntaxNode | CommentNode): SyntaxNode | undefined {
    return "parent" in node ? node.parent ?? undefined : undefined;
  }

  getAllComments(): CommentNode[] {
    return this.comments;
  }

  /** Comments that end before `offset` on the same line or the lines just above it, nearest last. */
  getCommentsBefore(nodeOrOffset: SyntaxNode | number): CommentNode[] {
    const offset = typeof nodeOrOffset === "number" ? nodeOrOffset : nodeOrOffset.range[0];
    const result: CommentNode[] = [];
    let boundary = offset;
    for (let index = upperBound(this.comments, offset) - 1; index >= 0; index--) {
      const comment = this.comments[index]!;
      if (!/^\s*$/u.test(this.text.slice(comment.range[1], boundary))) break;
      result.unshift(comment);
      boundary = comment.range[0];
    }
    return result;
  }

  getInlineConfigNodes(): CommentNode[] {
    this.#inlineConfigComments ??= this.comments.filter((comment) => INLINE_CONFIG.test(comment.value));
    return this.#inlineConfigComments;
  }

  getDisableDirectives(): { problems: FileProblem[]; directives: Directive[] } {
    const problems: FileProblem[] = [];
    const directives: Directive[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      const directive = commentParser.parseDirective(comment.value);
      if (!directive) continue;
      const { label, value, justification } = directive;
      const lineDirective = /^eslint-disable-(?:next-)?line$/u.test(label);
      if (comment.type === "Line" && !lineDirective) continue;
      if (label === "eslint-disable-line" && comment.loc.start.line !== comment.loc.end.line) {
        problems.push({ ruleId: null, message: `${label} comment should not span multiple lines.`, loc: comment.loc });
        continue;
      }
      if (label === "eslint") continue;
      directives.push(new Directive({
        type: label.slice("eslint-".length) as Directive["type"], node: comment, value, justification,
      }));
    }
    return { problems, directives };
  }

  applyInlineConfig(): { configs: InlineConfigElement[]; problems: FileProblem[] } {
    const configs: InlineConfigElement[] = [];
    const problems: FileProblem[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      const directive = commentParser.parseDirective(comment.value);
      if (directive?.label !== "eslint") continue;
      const parsed = commentParser.parseJSONLikeConfig(directive.value);
      if (parsed.ok) configs.push({ config: { rules: parsed.config }, loc: comment.loc });
      else problems.push({ ruleId: null, message: parsed.error.message, loc: comment.loc });
    }
    return { configs, problems };
  }

  /** Enter/exit steps for every node, produced without recursion so deep trees cannot overflow. */
  override *traverse(): Iterable<TraversalStep> {
    const stack: { node: SyntaxNode; exit: boolean }[] = [{ node: this.ast, exit: false }];
    while (stack.length > 0) {
      const { node, exit } = stack.pop()!;
      yield new VisitNodeStep({ target: node, phase: exit ? 2 : 1, args: [node, node.parent] });
      if (exit) continue;
      stack.push({ node, exit: true });
      for (let index = node.children.length - 1; index >= 0; index--) stack.push({ node: node.children[index]!, exit: false });
    }
  }
}

function upperBound(comments: CommentNode[], offset: number): number {
  let low = 0;
  let high = comments.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (comments[middle]!.range[1] <= offset) low = middle + 1;
    else high = middle;
  }
  return low;
}
