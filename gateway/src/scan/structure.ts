import type { ParsedMessage, ParseProblem } from '../parse/types.js';
import type { Finding, FindingKind, Scanner } from './types.js';

/** Problems after which parts of the message were not looked at: its contents are unknown. */
const UNSCANNABLE = new Set(['depth-exceeded', 'too-many-parts', 'parse-error']);
/** Explicit limits that were crossed; the message was still read up to the limit. */
const LIMITS = new Set(['too-many-headers', 'too-many-urls', 'header-too-long']);

function kindOf(problem: ParseProblem): FindingKind {
  if (UNSCANNABLE.has(problem.code)) return 'message.unscannable';
  if (LIMITS.has(problem.code)) return 'message.limit-exceeded';
  return 'message.malformed';
}

/** Turns what the parser noticed about the message's structure into findings (one per problem code). */
export const structureScanner: Scanner = {
  name: 'parse',
  async scan(message: ParsedMessage): Promise<Finding[]> {
    const seen = new Set<string>();
    const findings: Finding[] = [];
    for (const problem of message.problems) {
      if (seen.has(problem.code)) continue;
      seen.add(problem.code);
      findings.push({
        scanner: 'parse',
        kind: kindOf(problem),
        detail: `${problem.code}: ${problem.detail}`,
        subject: problem.code,
        tags: [problem.code],
      });
    }
    return findings;
  },
};
