import { describe, expect, it } from 'vitest';
import { newId } from './ids.js';

describe('newId', () => {
  it('makes ULIDs: 26 Crockford base32 characters, time first, all different', () => {
    const ids = Array.from({ length: 5000 }, () => newId());
    for (const id of ids.slice(0, 50)) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(new Set(ids).size).toBe(ids.length);
    const first = ids[0]!.slice(0, 10);
    expect(first <= ids.at(-1)!.slice(0, 10)).toBe(true);
  });
});
