import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../config/defaults.js';
import { parseMessage } from '../../parse/index.js';
import { makeContext, makeMessage, makePolicy } from '../test-helpers.js';
import { MAX_AUTH_ADDRESS_HEADER_BYTES, scanAuth } from './index.js';
import type { DnsResolver } from './resolver.js';

/** No DNS at all: every lookup fails (authentication gives no finding then). */
const noDns: DnsResolver = async (name) => {
  throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};

// Found by the fuzzer (test/fuzz): mailauth's address parser is quadratic on a long From value
// without an address; 300 KB of "www." took 24 s of CPU in one synchronous call.
const padded = 'www.'.repeat(15_000);
const rawWith = (from: string) => Buffer.from(`From: ${from}\r\nTo: staff@lachan.test\r\nSubject: x\r\n\r\nhello\r\n`, 'latin1');
const ctxFor = (bytes: Buffer) => ({ ...makeContext(makePolicy({})), raw: () => bytes });

describe('sender authentication of messages with huge address headers', () => {
  it('does not hand a 60 KB From header to mailauth, and holds the message as beyond the header limits', async () => {
    const started = performance.now();
    const findings = await scanAuth(makeMessage({ headers: [{ key: 'from', value: padded }] }), ctxFor(rawWith(padded)), noDns);
    expect(performance.now() - started).toBeLessThan(300);
    expect(findings).toEqual([expect.objectContaining({ kind: 'message.limit-exceeded', tags: ['header-too-long'] })]);
  });

  it('adds up several From and Return-Path headers (each short, together too long)', async () => {
    const part = 'a.'.repeat(MAX_AUTH_ADDRESS_HEADER_BYTES / 4);
    const headers = [
      { key: 'from', value: part },
      { key: 'return-path', value: part },
      { key: 'from', value: `${part}x` },
    ];
    const findings = await scanAuth(makeMessage({ headers }), ctxFor(rawWith(part)), noDns);
    expect(findings.map((f) => f.kind)).toEqual(['message.limit-exceeded']);
  });

  it('skips mailauth when the parser already found the header block beyond its limits', async () => {
    const message = makeMessage({ problems: [{ code: 'header-too-long', detail: 'x' }] });
    const findings = await scanAuth(message, ctxFor(rawWith(padded + padded)), noDns);
    expect(findings).toEqual([expect.objectContaining({ kind: 'message.limit-exceeded', tags: ['header-too-long'] })]);
  });

  it('skips mailauth on a header block of more lines than the parser allows (its line joining is quadratic)', async () => {
    // found by the fuzzer: 50,000 continuation lines took mailauth 4.6 s
    const bytes = Buffer.from(`From: a@b.example\r\nX-Big: a\r\n${' x\r\n'.repeat(200_000)}\r\nbody\r\n`, 'latin1');
    const message = await parseMessage(bytes, DEFAULT_LIMITS);
    const started = performance.now();
    const findings = await scanAuth(message, ctxFor(bytes), noDns);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(findings).toEqual([expect.objectContaining({ kind: 'message.limit-exceeded', tags: ['too-many-header-lines'] })]);
  });

  it('still authenticates a message with an ordinary From header', async () => {
    const from = 'Ngân hàng <alerts@bank.example>';
    const findings = await scanAuth(makeMessage({ headers: [{ key: 'from', value: from }] }), ctxFor(rawWith('alerts@bank.example')), noDns);
    expect(findings).toEqual([]);
  });
});
