import { dottedName, isFunctionNode, propertyKeyName, walk, type FunctionNode, type Node, type Program } from "./estree.js";

/** How a function receives what another thread posted. */
export type MessageRole =
  /** `onmessage = (event) => ...`, `addEventListener("message", (event) => ...)`: `event.data` is the message. */
  | "event"
  /** Node's `parentPort.on("message", (value) => ...)`: the parameter is the message itself. */
  | "data";

export interface FunctionSite {
  node: Program | FunctionNode;
  name: string;
  exported: boolean;
  /** The class whose instance `this` is inside the function (methods, and arrows within them). */
  thisClass?: string;
  /** The function that lexically encloses this one (undefined for the module). */
  enclosing?: FunctionSite;
  messageRole?: MessageRole;
}

export const MODULE_FUNCTION_NAME = "<module>";

const MESSAGE_LISTENERS = new Set(["addEventListener", "on", "once", "addListener"]);

/**
 * Every function of a program, named the way a reader would name it (`produce`, `RingBuffer.push`,
 * `self.onmessage`, `parentPort.on:message@12`), with the module's top-level code as `<module>`.
 */
export function collectFunctions(program: Program): FunctionSite[] {
  const parents = new Map<Node, Node>();
  const moduleSite: FunctionSite = { node: program, name: MODULE_FUNCTION_NAME, exported: false };
  const sites: FunctionSite[] = [moduleSite];
  const siteOfFunction = new Map<Node, FunctionSite>([[program, moduleSite]]);
  const functionByIdentifier = new Map<string, FunctionNode>();
  const exportedNames = collectExportSpecifiers(program);
  const usedNames = new Set<string>([MODULE_FUNCTION_NAME]);

  walk(program, (node, parent) => {
    if (parent) parents.set(node, parent);
    if (!isFunctionNode(node)) return;
    const enclosing = enclosingSite(node, parents, siteOfFunction) ?? moduleSite;
    const naming = nameFunction(node, parents, exportedNames);
    let name = naming.name;
    if (usedNames.has(name)) name = `${name}@${node.loc.start.line}:${node.loc.start.column}`;
    usedNames.add(name);
    const thisClass = node.type === "ArrowFunctionExpression" ? enclosing.thisClass : naming.methodOf;
    const site: FunctionSite = { node, name, exported: naming.exported, enclosing, ...(thisClass ? { thisClass } : {}) };
    sites.push(site);
    siteOfFunction.set(node, site);
    if (node.type === "FunctionDeclaration" && node.id) functionByIdentifier.set(node.id.name, node);
    const parentNode = parents.get(node);
    if (parentNode?.type === "VariableDeclarator" && parentNode.id.type === "Identifier") functionByIdentifier.set(parentNode.id.name, node);
  });

  for (const node of parents.keys()) {
    const listener = messageListener(node);
    if (!listener) continue;
    const target = isFunctionNode(listener.handler) ? listener.handler
      : listener.handler.type === "Identifier" ? functionByIdentifier.get(listener.handler.name) : undefined;
    const site = target ? siteOfFunction.get(target) : undefined;
    if (site && !site.messageRole) site.messageRole = listener.role;
  }
  return sites;
}

function enclosingSite(node: Node, parents: Map<Node, Node>, sites: Map<Node, FunctionSite>): FunctionSite | undefined {
  for (let current = parents.get(node); current; current = parents.get(current)) {
    const site = sites.get(current);
    if (site) return site;
  }
  return undefined;
}

function nameFunction(node: FunctionNode, parents: Map<Node, Node>, exportedNames: Set<string>): { name: string; exported: boolean; methodOf?: string } {
  const parent = parents.get(node);
  const anonymous = `<anonymous@${node.loc.start.line}:${node.loc.start.column}>`;
  if (node.type === "FunctionDeclaration") {
    const name = node.id?.name ?? "default";
    const exported = parent?.type === "ExportNamedDeclaration" || parent?.type === "ExportDefaultDeclaration" || exportedNames.has(name);
    return { name, exported };
  }
  if (!parent) return { name: anonymous, exported: false };
  switch (parent.type) {
    case "VariableDeclarator": {
      if (parent.id.type !== "Identifier") break;
      const declaration = parents.get(parent);
      const exported = parents.get(declaration ?? parent)?.type === "ExportNamedDeclaration" || exportedNames.has(parent.id.name);
      return { name: parent.id.name, exported };
    }
    case "MethodDefinition":
    case "PropertyDefinition": {
      const className = classNameOf(parents.get(parents.get(parent) ?? parent), parents);
      const key = propertyKeyName(parent.key, parent.computed) ?? "<computed>";
      const exported = isExportedClass(parents.get(parents.get(parent) ?? parent), parents, exportedNames);
      return { name: `${className}.${key}`, exported, methodOf: className };
    }
    case "Property": {
      const key = propertyKeyName(parent.key, parent.computed);
      if (key) return { name: key, exported: false };
      break;
    }
    case "AssignmentExpression": {
      const target = dottedName(parent.left);
      if (target) return { name: target, exported: target.startsWith("module.exports") || target.startsWith("exports.") };
      break;
    }
    case "CallExpression": {
      const callee = dottedName(parent.callee) ?? "call";
      const first = parent.arguments[0];
      const event = first?.type === "Literal" && typeof first.value === "string" ? `:${first.value}` : "";
      return { name: `${callee}${event}@${node.loc.start.line}`, exported: false };
    }
    case "ExportDefaultDeclaration":
      return { name: "default", exported: true };
    default:
      break;
  }
  return { name: anonymous, exported: false };
}

function classNameOf(classNode: Node | undefined, parents: Map<Node, Node>): string {
  if (!classNode || (classNode.type !== "ClassDeclaration" && classNode.type !== "ClassExpression")) return "<class>";
  if (classNode.id) return classNode.id.name;
  const parent = parents.get(classNode);
  if (parent?.type === "VariableDeclarator" && parent.id.type === "Identifier") return parent.id.name;
  return "<class>";
}

function isExportedClass(classNode: Node | undefined, parents: Map<Node, Node>, exportedNames: Set<string>): boolean {
  if (!classNode) return false;
  const parent = parents.get(classNode);
  if (parent?.type === "ExportNamedDeclaration" || parent?.type === "ExportDefaultDeclaration") return true;
  return (classNode.type === "ClassDeclaration" && classNode.id !== null && exportedNames.has(classNode.id.name));
}

function collectExportSpecifiers(program: Program): Set<string> {
  const names = new Set<string>();
  for (const statement of program.body) {
    if (statement.type !== "ExportNamedDeclaration" || statement.source) continue;
    for (const specifier of statement.specifiers) if (specifier.local.type === "Identifier") names.add(specifier.local.name);
  }
  return names;
}

/** `x.addEventListener("message", h)`, `addEventListener("message", h)`, `parentPort.on("message", h)`, `self.onmessage = h`. */
function messageListener(node: Node): { handler: Node; role: MessageRole } | undefined {
  if (node.type === "CallExpression") {
    const method = node.callee.type === "Identifier" ? node.callee.name
      : node.callee.type === "MemberExpression" && !node.callee.computed && node.callee.property.type === "Identifier" ? node.callee.property.name
        : undefined;
    if (method === undefined || !MESSAGE_LISTENERS.has(method)) return undefined;
    const [event, handler] = node.arguments;
    if (event?.type !== "Literal" || event.value !== "message" || !handler) return undefined;
    return { handler, role: method === "addEventListener" ? "event" : "data" };
  }
  if (node.type === "AssignmentExpression" && node.operator === "=") {
    const target = dottedName(node.left);
    if (target === "onmessage" || target?.endsWith(".onmessage")) return { handler: node.right, role: "event" };
  }
  return undefined;
}
