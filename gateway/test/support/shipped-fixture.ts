import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll } from 'vitest';
import { generatedFixtures } from './fixture-files.js';
import { DEFAULT_LIMITS } from '../../src/config/defaults.js';
import { silentLogger } from '../../src/log.js';
import { releaseMessage, type ParsedMessage } from '../../src/parse/index.js';
import { evaluate, type Engine, type Evaluation } from '../../src/pipeline/evaluate.js';
import { loadPolicy } from '../../src/policy/loader.js';
import { fakeClamd } from '../../src/scan/attachments/test-helpers.js';
import { spooledFromBuffer } from '../../src/smtp/spool.js';

/** Test support for the act/ tests: a generated malformed fixture evaluated under the shipped policy. */
const POLICY_DIR = fileURLToPath(new URL('../../../policies', import.meta.url));

/**
 * Registers, in the calling describe block, a beforeAll that evaluates the generated fixture `name`
 * (test-fixtures/malformed/generate.mjs) with the shipped policy and a clean fake clamd and hands
 * its bytes and evaluation to `ready`, and an afterAll that releases it and every message the tests
 * parsed into `parsed`.
 */
export function useShippedFixture(name: string, ready: (raw: Buffer, ev: Evaluation) => void, parsed: ParsedMessage[]): void {
  let ev: Evaluation | undefined;
  beforeAll(async () => {
    const raw = (await generatedFixtures()).find((f) => f.name === name)!.bytes!;
    const engine: Engine = { policy: await loadPolicy(POLICY_DIR), limits: DEFAULT_LIMITS, clamd: fakeClamd(), log: silentLogger() };
    ev = await evaluate(spooledFromBuffer(raw), engine);
    ready(raw, ev);
  });
  afterAll(async () => {
    if (ev) await releaseMessage(ev.parsed);
    for (const m of parsed) await releaseMessage(m);
  });
}

/** All the bytes of a stream. */
export async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
