/**
 * The strongly connected components reachable from `root`, each listed after every component it
 * depends on (Tarjan's algorithm, with an explicit stack so that long chains cannot overflow the call
 * stack). Nodes for which `known` is true are neither entered nor returned.
 */
export function componentsFrom<T>(root: T, successors: (node: T) => readonly T[], known: (node: T) => boolean): T[][] {
  const components: T[][] = [];
  const index = new Map<T, number>();
  const lowLink = new Map<T, number>();
  const onStack = new Set<T>();
  const stack: T[] = [];
  const work: { node: T; next: readonly T[]; position: number }[] = [];
  const enter = (node: T) => {
    index.set(node, index.size);
    lowLink.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    work.push({ node, next: successors(node), position: 0 });
  };
  if (known(root)) return components;
  enter(root);
  while (work.length > 0) {
    const frame = work[work.length - 1]!;
    if (frame.position < frame.next.length) {
      const successor = frame.next[frame.position++]!;
      if (known(successor)) continue;
      if (!index.has(successor)) enter(successor);
      else if (onStack.has(successor)) lowLink.set(frame.node, Math.min(lowLink.get(frame.node)!, index.get(successor)!));
      continue;
    }
    work.pop();
    const parent = work[work.length - 1];
    if (parent) lowLink.set(parent.node, Math.min(lowLink.get(parent.node)!, lowLink.get(frame.node)!));
    if (lowLink.get(frame.node) !== index.get(frame.node)) continue;
    const component: T[] = [];
    let member: T;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== frame.node);
    components.push(component);
  }
  return components;
}
