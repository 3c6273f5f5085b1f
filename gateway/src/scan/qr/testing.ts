import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { loadPolicy } from '../../policy/loader.js';
import type { Policy } from '../../policy/types.js';
import { attachmentsScanner } from '../attachments/index.js';
import { fakeClamd, makeAttachment } from '../attachments/test-helpers.js';
import { makeContext, makeMessage } from '../test-helpers.js';
import type { Finding } from '../types.js';
import { QrReader, replaceQrReader } from './off-thread.js';

/**
 * For the QR tests of a file: registers its hooks, which give the process a QR reader (worker thread)
 * with no soft time budget, so that which pictures are read does not depend on this machine's load
 * (the count and pixel budgets stay), and put the usual one back afterwards.
 */
export function unhurriedQrReader(): void {
  beforeAll(() => replaceQrReader(new QrReader({ timeBudgetMs: 60_000 })));
  afterAll(() => replaceQrReader(undefined));
}

/**
 * For the tests of QR pictures inside documents (office-, odf-pictures): unhurriedQrReader, the
 * shipped policy, and a scan of one attachment (id a1) through the real attachments scanner, clamd a
 * stand-in that answers clean. The scan is usable once the file's beforeAll ran.
 */
export function documentScans(): (name: string, doc: Buffer, mime: string, ext: string) => Promise<Finding[]> {
  let policy: Policy | undefined;
  beforeAll(async () => {
    policy = await loadPolicy(fileURLToPath(new URL('../../../../policies', import.meta.url)));
  });
  unhurriedQrReader();
  return (name, doc, mime, ext) => {
    if (!policy) throw new Error('documentScans: the policy is loaded in beforeAll');
    const att = makeAttachment(name, doc, { contentType: mime, trueType: { ext, mime }, id: 'a1' });
    return attachmentsScanner.scan(makeMessage({ attachments: [att] }), makeContext(policy, { clamd: fakeClamd() }));
  };
}
