import { PROBLEM_CODES, type ProblemCategory } from '../parse/problems.js';
import type { ParsedMessage, ParseProblem } from '../parse/types.js';
import type { Finding, FindingKind, Scanner } from './types.js';

const KIND_OF_CATEGORY: Record<ProblemCategory, FindingKind> = {
  malformed: 'message.malformed',
  unscannable: 'message.unscannable',
  limit: 'message.limit-exceeded',
  'smtp-smuggling': 'message.smtp-smuggling',
};

function kindOf(problem: ParseProblem): FindingKind {
  const category = (PROBLEM_CODES as Record<string, ProblemCategory>)[problem.code];
  // A problem code we do not know is treated as the worst case: parts may not have been read.
  return KIND_OF_CATEGORY[category ?? 'unscannable'];
}

/** Turns what the parser noticed about the message's structure into findings (one per problem code). */
export const structureScanner: Scanner = {
  name: 'parse',
  async scan(message: ParsedMessage): Promise<Finding[]> {
    return message.problems.map((problem) => ({
      scanner: 'parse',
      kind: kindOf(problem),
      detail: `${problem.code}: ${problem.detail}`,
      subject: problem.code,
      tags: [problem.code],
    }));
  },
};
