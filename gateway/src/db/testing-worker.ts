/**
 * A second process for tests (run with vite-node, with an IPC channel): opens the database in the
 * data directory given, sends 'ready', waits for a message (so that several workers start together),
 * then appends audit rows: tests check that separate processes sharing one SQLite file keep one
 * chain. Usage: testing-worker.ts DATA_DIR COUNT NAME
 */
import { once } from 'node:events';
import { setTimeout } from 'node:timers/promises';
import { openDatabase } from './index.js';

const [dataDir, countText, name] = process.argv.slice(2);
if (!dataDir || !countText || !name) {
  process.stderr.write('usage: testing-worker.ts DATA_DIR COUNT NAME\n');
  process.exit(2);
}
const db = await openDatabase({ dataDir });
process.send?.('ready');
await once(process, 'message');
for (let i = 0; i < Number(countText); i++) {
  await db.audit.append({ actor: name, action: 'test.process', target: `${name}-${i}` });
  // A gateway does other work between two appends; without a pause one process would hold the
  // lock back to back and SQLite's busy handler (which sleeps between polls) would let it run alone.
  await setTimeout(Math.random() * 4);
}
await db.close();
process.disconnect?.();
