import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERRORS, LachanError } from './errors.js';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

describe('error codes', () => {
  it.each(Object.keys(ERRORS))('documents %s in docs/errors.md', (code) => {
    expect(doc).toContain(`\`${code}\``);
  });

  it('uses the LC_<AREA>_<NAME> form for every code', () => {
    for (const code of Object.keys(ERRORS)) expect(code).toMatch(/^LC_[A-Z]+_[A-Z_]+$/);
  });

  it('marks dependency failures as temporary so they become 451', () => {
    expect(new LachanError('LC_CLAMD_UNAVAILABLE').temporary).toBe(true);
    expect(new LachanError('LC_DB_UNAVAILABLE').temporary).toBe(true);
    expect(new LachanError('LC_RELAY_DENIED').temporary).toBe(false);
  });
});
