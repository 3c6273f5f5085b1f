/**
 * What `lachan policy check` reports: one problem in one file, at one line, maybe inside one rule.
 * Line 0 means the whole file (for instance a file that is missing).
 */
export interface PolicyIssue {
  file: string;
  line: number;
  rule?: string;
  message: string;
  severity: 'error' | 'warning';
}

/** `file:line: rule <id>: message` — the form editors and CI logs recognise. */
export function formatIssue(issue: PolicyIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}` : issue.file;
  const rule = issue.rule !== undefined ? ` rule ${issue.rule}:` : '';
  const level = issue.severity === 'warning' ? ' warning:' : '';
  return `${where}:${level}${rule} ${issue.message}`;
}

export function hasErrors(issues: readonly PolicyIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/** Errors first, then file by file (in the order they were met: policy.yaml first) and line by line. */
export function sortIssues(issues: PolicyIssue[]): PolicyIssue[] {
  const fileOrder = new Map<string, number>();
  for (const i of issues) if (!fileOrder.has(i.file)) fileOrder.set(i.file, fileOrder.size);
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort(
      (a, b) =>
        (a.issue.severity === b.issue.severity ? 0 : a.issue.severity === 'error' ? -1 : 1) ||
        fileOrder.get(a.issue.file)! - fileOrder.get(b.issue.file)! ||
        a.issue.line - b.issue.line ||
        a.index - b.index,
    )
    .map((x) => x.issue);
}

/** The closest candidate within a small edit distance, for "did you mean …?" hints. */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

export function didYouMean(word: string, candidates: Iterable<string>): string {
  const s = suggest(word, candidates);
  return s !== undefined && s !== word ? ` (did you mean '${s}'?)` : '';
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions). */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 4) return Math.abs(a.length - b.length);
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i]!;
      const prev = d[i - 1]!;
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      row[j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
