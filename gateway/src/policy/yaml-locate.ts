import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';

export type PathSegment = string | number;

/** A parsed YAML document that can say on which line any path of it was written. */
export interface LocatedDocument {
  doc: Document.Parsed;
  /** Syntax errors and warnings of the YAML itself, with 1-based lines. */
  problems: { line: number; message: string; severity: 'error' | 'warning' }[];
  /** Line of the value at `path` (or of its key with at = 'key'); the deepest existing ancestor when missing. */
  lineOf(path: readonly PathSegment[], at?: 'key' | 'value'): number;
}

export function parseLocated(text: string): LocatedDocument {
  const lineCounter = new LineCounter();
  // prettyErrors off: we print our own one-line `file:line:` form.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const line = (offset: number | undefined): number =>
    offset === undefined || offset < 0 ? 1 : lineCounter.linePos(offset).line;
  const firstLine = (message: string) => message.split('\n')[0]!.trim();
  const problems: LocatedDocument['problems'] = [
    ...doc.errors.map((e) => ({ line: line(e.pos[0]), message: `YAML: ${firstLine(e.message)}`, severity: 'error' as const })),
    ...doc.warnings.map((e) => ({ line: line(e.pos[0]), message: `YAML: ${firstLine(e.message)}`, severity: 'warning' as const })),
  ];

  function lineOf(path: readonly PathSegment[], at: 'key' | 'value' = 'value'): number {
    let node: unknown = doc.contents;
    let lastLine = line((doc.contents as Node | null)?.range?.[0] ?? 0);
    for (let i = 0; i < path.length; i++) {
      const seg = path[i]!;
      const here = (node as Node | null)?.range?.[0];
      if (here !== undefined) lastLine = line(here);
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) return lastLine;
        const keyStart = (pair.key as Node | null)?.range?.[0];
        if (keyStart !== undefined) lastLine = line(keyStart);
        if (i === path.length - 1 && at === 'key') return lastLine;
        if (pair.value === null || pair.value === undefined) return lastLine;
        node = pair.value;
      } else if (isSeq(node)) {
        const item = node.items[Number(seg)];
        if (item === undefined || item === null) return lastLine;
        node = item;
      } else {
        return lastLine;
      }
    }
    const start = (node as Node | null)?.range?.[0];
    return start !== undefined ? line(start) : lastLine;
  }

  return { doc, problems, lineOf };
}
