import { describe, expect, it } from 'vitest';
import type { ParsedMessage } from '../parse/types.js';
import type { Policy, Verdict } from '../policy/types.js';
import { subjectTagFor } from './dispose.js';
import type { Evaluation } from './evaluate.js';

const verdict = (over: Partial<Verdict>): Verdict => ({
  action: 'deliver',
  warning: false,
  strip: [],
  tagged: false,
  categories: [],
  hits: [],
  monitored: [],
  ...over,
});
const ev = (v: Partial<Verdict>, body: { text?: string; html?: string }): Evaluation =>
  ({ verdict: verdict(v), parsed: { text: body.text ?? '', html: body.html ?? '' } as ParsedMessage, findings: [], ms: 0 }) as Evaluation;
const policy = (externalTag: string) => ({ settings: { externalTag } }) as unknown as Policy;

describe('subjectTagFor', () => {
  it('adds no tag to a warned message whose body can carry the banner', () => {
    expect(subjectTagFor(ev({ warning: true }, { text: 'Xin chào' }), policy(''))).toBeUndefined();
  });
  it('tags the subject of a warned message that has no text or HTML body for the banner', () => {
    expect(subjectTagFor(ev({ warning: true }, {}), policy(''))).toBe('[CẢNH BÁO]');
  });
  it('adds the policy external tag to tagged mail only when the policy sets one', () => {
    expect(subjectTagFor(ev({ tagged: true }, { text: 'x' }), policy('[BÊN NGOÀI]'))).toBe('[BÊN NGOÀI]');
    expect(subjectTagFor(ev({ tagged: true }, { text: 'x' }), policy(''))).toBeUndefined();
    expect(subjectTagFor(ev({ tagged: true, warning: true }, {}), policy('[BÊN NGOÀI]'))).toBe('[CẢNH BÁO] [BÊN NGOÀI]');
  });
});
