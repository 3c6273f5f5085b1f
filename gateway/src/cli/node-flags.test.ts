import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GATEWAY_NODE_FLAGS } from './node-flags.js';

/** The gateway is started with the same V8 flags however it is started (npm start, lachan, bench). */
describe('gateway node flags', () => {
  const read = (rel: string) => readFileSync(new URL(rel, import.meta.url), 'utf8');

  it('npm start passes them', () => {
    const start = (JSON.parse(read('../../../package.json')) as { scripts: Record<string, string> }).scripts.start!;
    expect(start).toBe(`node ${GATEWAY_NODE_FLAGS.join(' ')} gateway/dist/cli/main.js start`);
  });

  it('the lachan command passes them (shebang)', () => {
    expect(read('./main.ts').split('\n')[0]).toBe(`#!/usr/bin/env -S node ${GATEWAY_NODE_FLAGS.join(' ')}`);
  });

  it('the bench starts the gateway with them', () => {
    expect(read('../../bench/lachan.ts')).toContain('[...GATEWAY_NODE_FLAGS,');
  });
});
