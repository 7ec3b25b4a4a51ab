/** Where an IR node came from: the file and its UTF-16 range, with a 1-based line and 0-based column. */
export interface Site {
  file: string;
  range: [number, number];
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function formatSite(site: Site, relativeTo?: string): string {
  const file = relativeTo && site.file.startsWith(relativeTo) ? site.file.slice(relativeTo.length).replace(/^[/\\]/u, "") : site.file;
  return `${file}:${site.line}`;
}
