import { describe, expect, it } from 'vitest';
import { runBounded } from './child-process.js';

/** runBounded with Debian's own sh, head and cat: the limits of one outside program. */
describe('runBounded', () => {
  const limits = { timeoutMs: 10_000, maxStdout: 1000, overStdout: 'kill' as const };

  it('gives stdout, stderr and the exit code of a program fed on stdin', async () => {
    const r = await runBounded('sh', ['-c', 'cat; echo "hỏng rồi" >&2; exit 3'], { ...limits, input: Buffer.from('xin chào'), maxStderr: 100 });
    expect(r).toEqual({ outcome: 'exited', code: 3, stdout: Buffer.from('xin chào'), stderr: 'hỏng rồi\n' });
  });

  it('kills a program whose output passes the cap and keeps nothing; or keeps the cap and drops the rest', async () => {
    const started = Date.now();
    const killed = await runBounded('sh', ['-c', 'exec cat /dev/zero'], limits);
    expect(killed).toMatchObject({ outcome: 'over-cap', stdout: Buffer.alloc(0) });
    expect(Date.now() - started).toBeLessThan(5000);
    const dropped = await runBounded('head', ['-c', '5000', '/dev/zero'], { ...limits, overStdout: 'drop' });
    expect(dropped).toEqual({ outcome: 'exited', code: 0, stdout: Buffer.alloc(1000), stderr: '' });
  });

  it('kills a program past its time or on abort, and says when there is no such program', async () => {
    expect(await runBounded('sleep', ['30'], { ...limits, timeoutMs: 200 })).toMatchObject({ outcome: 'timeout' });
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    expect(await runBounded('sleep', ['30'], { ...limits, signal: abort.signal })).toMatchObject({ outcome: 'aborted' });
    expect(await runBounded('/nonexistent/lachan-tool', [], limits)).toEqual({ outcome: 'not-found', error: 'not found' });
    // killed by a signal: no exit code
    expect(await runBounded('sh', ['-c', 'kill -KILL $$'], limits)).toMatchObject({ outcome: 'exited', code: null });
  });
});
