import type { Verdict } from '../policy/types.js';
import { cleanGatewayName } from './banner.js';
import { headerField, tagSubject, type HeaderBlock, type HeaderField } from './headers.js';
import type { ActPlan } from './types.js';

/** Our headers. Any header starting with this prefix that came from outside is removed first. */
export const HEADER_PREFIX = 'x-lachan-';

/**
 * `X-Lachan-Verdict: <action>; warning=yes|no; stripped=<N>; gateway=<name>` — the action first,
 * then `key=value` parameters separated by "; ", values without spaces, so that a Sieve rule or
 * a script can split it without a MIME parser.
 */
export function verdictValue(verdict: Verdict, stripped: number, gatewayName: string): string {
  const warning = verdict.warning ? 'yes' : 'no';
  return `${verdict.action}; warning=${warning}; stripped=${stripped}; gateway=${cleanGatewayName(gatewayName)}`;
}

/** Category names as header tokens: letters, digits, '.', '_', '-' only. */
export function categoryValue(categories: string[]): string {
  const tokens = categories.map((c) => c.trim().replace(/[^A-Za-z0-9._-]+/g, '-')).filter((c) => c.replace(/-/g, '') !== '');
  return [...new Set(tokens)].join(', ');
}

/**
 * Edits the top-level header block: removes every X-Lachan-* field that came with the message (a
 * sender must not be able to forge our verdict), puts ours at the top (after an mbox From_ line),
 * and tags the subject when asked. Nothing else changes.
 */
export function applyVerdictHeaders(block: HeaderBlock, plan: ActPlan): void {
  const ours = [
    headerField('X-Lachan-Ref', plan.ref.replace(/[^\x21-\x7e]/g, ''), block.eol),
    headerField('X-Lachan-Verdict', verdictValue(plan.verdict, plan.strip.length, plan.gatewayName), block.eol),
  ];
  const categories = categoryValue(plan.verdict.categories);
  if (categories) ours.push(headerField('X-Lachan-Category', categories, block.eol));

  putOurHeaders(block, ours);
  if (plan.subjectTag) tagSubject(block, plan.subjectTag);
}

/**
 * Removes every X-Lachan-* field that came with the message and puts `ours` at the top of the
 * block (after an mbox From_ line).
 */
export function putOurHeaders(block: HeaderBlock, ours: HeaderField[]): void {
  const kept = block.fields.filter((f) => !f.name.startsWith(HEADER_PREFIX));
  const first = kept[0];
  const mbox = first !== undefined && first.name === '' && first.raw.startsWith('From ') ? 1 : 0;
  block.fields = [...kept.slice(0, mbox), ...ours, ...kept.slice(mbox)];
}
