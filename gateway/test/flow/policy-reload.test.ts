import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { POLICY_DIR, refOf, startTestGateway, type TestGateway } from '../support/gateway.js';
import { compose } from '../support/messages.js';
import { sendRaw } from '../support/send.js';
import { startSink, type Sink } from '../support/sink.js';

const envelope = { from: 'a@sender.example', to: ['staff@lachan.test'] };

describe('policy reload', () => {
  let sink: Sink;
  let gw: TestGateway;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lachan-policy-'));
    await cp(POLICY_DIR, dir, { recursive: true });
    sink = await startSink();
    gw = await startTestGateway({ LACHAN_DOWNSTREAM: sink.url, LACHAN_CLAMD: inject('clamdUrl'), LACHAN_POLICY_DIR: dir });
  });
  afterAll(async () => {
    await gw?.stop();
    await sink?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies an edited policy to the next message, and keeps the one in force when the edit is invalid', async () => {
    const raw = await compose({ html: '<p>Xem <a href="https://bit.ly/abc">tài liệu</a></p>' });
    const before = await sendRaw(gw.port, raw, envelope);
    expect((await gw.handle.db.messages.get(refOf(before.response)))?.warning).toBe(true);

    const file = path.join(dir, 'policy.yaml');
    const original = await readFile(file, 'utf8');
    const edited = original.replace(/(- id: shortened-link[\s\S]*?action: )warn/, '$1quarantine');
    expect(edited).not.toBe(original);
    await writeFile(file, edited);
    await gw.handle.reloadPolicy();
    const after = await sendRaw(gw.port, raw, envelope);
    expect((await gw.handle.db.messages.get(refOf(after.response)))?.action).toBe('quarantine');

    await writeFile(file, edited.replace('action: quarantine', 'action: vaporise'));
    await expect(gw.handle.reloadPolicy()).rejects.toMatchObject({ code: 'LC_POLICY_INVALID' });
    const still = await sendRaw(gw.port, raw, envelope);
    expect((await gw.handle.db.messages.get(refOf(still.response)))?.action).toBe('quarantine');
  });
});
