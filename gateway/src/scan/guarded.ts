import type { ParsedMessage } from '../parse/types.js';
import type { Finding, ScanContext, Scanner, ScannerName } from './types.js';

/**
 * A scanner in the group `group` (the scanner name its findings carry) that runs `scan` for its
 * part `part`. A failure becomes one 'scanner.error' finding naming the part (runScanners, which
 * catches what a scanner throws, could name only the group), logged as `scan.<part>.error`; the
 * policy fails closed on it.
 */
export function guardedScanner(
  group: ScannerName,
  part: string,
  scan: (message: ParsedMessage, ctx: ScanContext) => Finding[] | Promise<Finding[]>,
): Scanner {
  return {
    name: group,
    async scan(message, ctx) {
      try {
        return await scan(message, ctx);
      } catch (err) {
        ctx.log.error({ evt: `scan.${part}.error`, err }, `${part} scanner failed`);
        return [{ scanner: group, kind: 'scanner.error', detail: `${part}: ${(err as Error)?.message ?? String(err)}`, subject: part }];
      }
    },
  };
}
