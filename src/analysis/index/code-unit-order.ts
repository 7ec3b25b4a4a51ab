/** Plain UTF-16 code-unit order: locale-independent, so two machines sort paths and names alike. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
