import { describe, expect, it } from 'vitest';
import { harakaConfig } from '../../bench/haraka.js';
import { lachanEnv, startLachan } from '../../bench/lachan.js';

describe('how the bench configures the paths it measures', () => {
  it('makes Haraka a plain forwarder to the sink, with no DNS plugin and clamd only when asked', () => {
    const plain = harakaConfig({ port: 2600, localDomain: 'lachan.test', sinkPort: 2601 });
    expect(plain.plugins!.split('\n').filter(Boolean)).toEqual(['bench_rdns', 'rcpt_to.in_host_list', 'queue/smtp_forward']);
    expect(plain['smtp.ini']).toContain('listen=127.0.0.1:2600');
    expect(plain['smtp_forward.ini']).toBe('host=127.0.0.1\nport=2601\n');
    expect(plain.host_list).toBe('lachan.test\n');
    expect(plain['clamd.ini']).toBeUndefined();
    const scanning = harakaConfig({ port: 2600, localDomain: 'lachan.test', sinkPort: 2601, clamd: '127.0.0.1:3999' });
    expect(scanning.plugins!.split('\n').filter(Boolean)).toEqual(['bench_rdns', 'rcpt_to.in_host_list', 'clamd', 'queue/smtp_forward']);
    expect(scanning['clamd.ini']).toContain('clamd_socket=127.0.0.1:3999');
  });

  it('gives the gateway only its documented environment, with the early-talker pause when asked', () => {
    const o = { repo: '/r', name: 'lachan', dataDir: '/d', sinkPort: 2601, clamdUrl: 'tcp://127.0.0.1:3999', localDomain: 'lachan.test' };
    const env = lachanEnv({ ...o, earlyTalkerDelayMs: 100 }, 2525, 8025);
    expect(env).toMatchObject({
      LACHAN_SMTP_PORT: '2525',
      LACHAN_HTTP_PORT: '8025',
      LACHAN_DOWNSTREAM: 'smtp://127.0.0.1:2601',
      LACHAN_DATA_DIR: '/d',
      LACHAN_POLICY_DIR: '/r/policies',
      LACHAN_LOCAL_DOMAINS: 'lachan.test',
      LACHAN_CLAMD: 'tcp://127.0.0.1:3999',
      LACHAN_LOG_LEVEL: 'warn',
      LACHAN_EARLY_TALKER_DELAY_MS: '100',
    });
    expect(Object.keys(env).every((k) => k.startsWith('LACHAN_'))).toBe(true);
    expect(lachanEnv(o, 1, 2).LACHAN_EARLY_TALKER_DELAY_MS).toBeUndefined();
  });

  it('says to build first when the gateway has not been built', async () => {
    await expect(
      startLachan({ repo: '/nonexistent-repo', name: 'lachan', dataDir: '/tmp/x', sinkPort: 1, clamdUrl: 'tcp://127.0.0.1:1', localDomain: 'lachan.test' }),
    ).rejects.toThrow(/main\.js is missing: build first/);
  });
});
