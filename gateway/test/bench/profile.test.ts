import { describe, expect, it } from 'vitest';
import { ownerOf, summariseProfiles, type CpuProfile } from '../../bench/profile.js';

const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({
  id,
  callFrame: { functionName, url, lineNumber: id * 10 },
  children,
});

describe('CPU profile summary', () => {
  it('names the owner of a frame by package, Node internals or gateway folder', () => {
    expect(ownerOf('file:///w/node_modules/smtp-server/lib/smtp-connection.js', 'x')).toBe('smtp-server');
    expect(ownerOf('file:///w/node_modules/@zone-eu/mailsplit/lib/x.js', 'x')).toBe('@zone-eu/mailsplit');
    expect(ownerOf('node:internal/streams/readable', 'x')).toBe('node:internal');
    expect(ownerOf('file:///w/gateway/dist/scan/urls/index.js', 'x')).toBe('lachan:scan');
    expect(ownerOf('file:///w/gateway/dist/app.js', 'x')).toBe('lachan:root');
    expect(ownerOf('', '(garbage collector)')).toBe('(garbage collector)');
  });

  it('adds up self time from samples and deltas, leaving idle out of the busy share', () => {
    const p: CpuProfile = {
      nodes: [
        frame(1, '(root)', '', [2, 3, 4]),
        frame(2, '(idle)', ''),
        frame(3, 'parse', 'file:///w/node_modules/mailsplit/lib/splitter.js'),
        frame(4, 'scan', 'file:///w/gateway/dist/scan/index.js'),
      ],
      startTime: 0,
      endTime: 10_000,
      // each sample's time is the delta that follows it: 3 → 3000 µs, 4 → 1000 µs, 2 → 6000 µs
      samples: [3, 4, 2, 3],
      timeDeltas: [0, 3000, 1000, 6000],
    };
    const s = summariseProfiles([p, p]);
    expect(s.idleMs).toBe(12);
    expect(s.busyMs).toBe(8);
    expect(s.frames[0]).toMatchObject({ name: 'parse', selfMs: 6, pct: 75 });
    expect(s.frames[1]).toMatchObject({ name: 'scan', location: 'dist/scan/index.js:41', selfMs: 2, pct: 25 });
    expect(s.groups.map((g) => g.name)).toEqual(['mailsplit', 'lachan:scan']);
    expect(s.stages.map((g) => [g.name, g.ms])).toEqual([
      ['mailsplit, no gateway frame', 6],
      ['lachan:scan', 2],
    ]);
  });

  it('shows Node internals and native code together with the package that called them', () => {
    const p: CpuProfile = {
      nodes: [
        frame(1, '(root)', '', [2]),
        frame(2, 'onData', 'file:///w/gateway/dist/smtp/spool.js', [3]),
        frame(3, 'write', 'node:internal/fs/streams', [4]),
        frame(4, 'writeUtf8String', ''),
      ],
      startTime: 0,
      endTime: 3000,
      samples: [4, 3, 2, 1],
      timeDeltas: [0, 1000, 1000, 1000],
    };
    const s = summariseProfiles([p]);
    expect(Object.fromEntries(s.groups.map((g) => [g.name, g.selfMs]))).toEqual({
      '(native) ← lachan:smtp': 1,
      'node:internal ← lachan:smtp': 1,
      'lachan:smtp': 1,
    });
    expect(s.stages).toEqual([{ name: 'lachan:smtp', ms: 3, pct: 100 }]);
  });

  it('falls back to hit counts when a profile has no samples', () => {
    const p: CpuProfile = {
      nodes: [{ ...frame(1, 'work', 'node:fs'), hitCount: 3 }, { ...frame(2, 'more', 'node:fs'), hitCount: 1 }],
      startTime: 0,
      endTime: 4000,
    };
    const s = summariseProfiles([p]);
    expect(s.busyMs).toBe(4);
    expect(s.groups).toEqual([{ name: 'node:internal', selfMs: 4, pct: 100 }]);
  });
});
