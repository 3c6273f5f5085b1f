import { describe, expect, it } from 'vitest';
import { benchArgv, flagsFromNpmConfig, latencyCount, messagesPerRun, parseOptions } from '../../bench/options.js';

describe('bench options', () => {
  it('defaults to the full bench: 3 rounds, 10 and 100 KB, c = 1, 10, 20, 50, every path', () => {
    const o = parseOptions([]);
    expect(o).toMatchObject({ quick: false, rounds: 3, sizes: [10240, 102400], concurrency: [1, 10, 20, 50], rss: true, rssClients: 20 });
    expect(o !== 'help' && o.configs).toEqual(['sink', 'haraka', 'haraka-clamd', 'lachan', 'lachan-w2', 'lachan-et100']);
  });

  it('makes --quick smaller and lets flags pick paths and sizes', () => {
    expect(parseOptions(['--quick'])).toMatchObject({ rounds: 2, sizes: [10240], concurrency: [1, 20], latencyMessages: 100, budgetSeconds: 150 });
    expect(parseOptions(['--only', 'lachan,sink', '--sizes', '10', '--no-rss'])).toMatchObject({ configs: ['sink', 'lachan'], sizes: [10240], rss: false });
  });

  it('refuses an unknown path or a bad number, naming the flag', () => {
    expect(() => parseOptions(['--only', 'postfix'])).toThrow(/--only: unknown path postfix/);
    expect(() => parseOptions(['--rounds', '0'])).toThrow(/--rounds/);
    expect(() => parseOptions(['--concurrency', '1,x'])).toThrow(/--concurrency/);
  });

  it('keeps runs bounded: the sink gets more messages, slow paths fewer latency samples', () => {
    expect(messagesPerRun('lachan', 20, false)).toBe(600);
    expect(messagesPerRun('sink', 20, false)).toBe(2400);
    expect(messagesPerRun('haraka', 50, true)).toBe(300);
    expect(latencyCount('lachan', 300)).toBe(300);
    expect(latencyCount('haraka', 300)).toBe(150);
    expect(latencyCount('lachan-et100', 300)).toBe(60);
  });

  it('reads back flags that npm kept as npm_config_* when run through the root script', () => {
    const env = { npm_config_quick: 'true', npm_config_only: 'sink,lachan', npm_config_rss: 'false', npm_config_cache: '/root/.npm' };
    expect(flagsFromNpmConfig(env)).toEqual(['--quick', '--only', 'sink,lachan', '--no-rss']);
    expect(parseOptions(benchArgv([], env))).toMatchObject({ quick: true, configs: ['sink', 'lachan'], rss: false });
  });

  it('lets the command line win over what npm kept', () => {
    expect(benchArgv(['--only', 'lachan'], { npm_config_only: 'sink', npm_config_profile: 'true' })).toEqual(['--profile', '--only', 'lachan']);
  });

  it('re-warms each path before a measured run: 2,000 messages by default, none in quick mode, 0 turns it off', () => {
    expect(parseOptions([])).toMatchObject({ rewarm: 2000, budgetSeconds: 1500 });
    expect(parseOptions(['--quick'])).toMatchObject({ rewarm: 0 });
    expect(parseOptions(['--rewarm', '0'])).toMatchObject({ rewarm: 0 });
    expect(() => parseOptions(['--rewarm', '-1'])).toThrow(/--rewarm/);
  });
});
