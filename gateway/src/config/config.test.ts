import { describe, expect, it } from 'vitest';
import { loadConfig } from './index.js';

describe('loadConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.smtp.host).toBe('127.0.0.1');
    expect(c.smtp.port).toBe(2525);
    expect(c.downstream.url).toBe('smtp://127.0.0.1:2526');
    expect(c.http.port).toBe(8025);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.clamd.url).toBe('tcp://127.0.0.1:3310');
    expect(c.smtp.maxMessageBytes).toBe(25 * 1024 * 1024);
    expect(c.smtp.maxRecipients).toBe(100);
    expect(c.smtp.earlyTalkerDelayMs).toBe(0);
    expect(c.qrThread).toBe(false);
    expect(c.quarantineDays).toBe(90);
  });

  it('keeps quarantined mail LACHAN_QUARANTINE_DAYS days, 0 for ever', () => {
    expect(loadConfig({ LACHAN_QUARANTINE_DAYS: '30' }).quarantineDays).toBe(30);
    expect(loadConfig({ LACHAN_QUARANTINE_DAYS: '0' }).quarantineDays).toBe(0);
    expect(() => loadConfig({ LACHAN_QUARANTINE_DAYS: '-1' })).toThrow(/LACHAN_QUARANTINE_DAYS/);
    expect(() => loadConfig({ LACHAN_QUARANTINE_DAYS: 'a month' })).toThrow(/LACHAN_QUARANTINE_DAYS/);
  });

  it('decodes QR codes in a worker thread only when LACHAN_QR_THREAD says so', () => {
    expect(loadConfig({ LACHAN_QR_THREAD: 'on' }).qrThread).toBe(true);
    expect(loadConfig({ LACHAN_QR_THREAD: 'off' }).qrThread).toBe(false);
    expect(() => loadConfig({ LACHAN_QR_THREAD: 'sometimes' })).toThrow(/LACHAN_QR_THREAD/);
  });

  it('reads sizes with units and local domains as a list', () => {
    const c = loadConfig({ LACHAN_MAX_MESSAGE_SIZE: '10MB', LACHAN_LOCAL_DOMAINS: 'A.lachan.test, b.lachan.test' });
    expect(c.smtp.maxMessageBytes).toBe(10 * 1024 * 1024);
    expect(c.extraLocalDomains).toEqual(['a.lachan.test', 'b.lachan.test']);
  });

  it.each([
    ['LACHAN_SMTP_PORT', 'abc'],
    ['LACHAN_SMTP_PORT', '70000'],
    ['LACHAN_DOWNSTREAM', 'http://x'],
    ['LACHAN_CLAMD', 'localhost:3310'],
    ['LACHAN_MAX_MESSAGE_SIZE', 'big'],
    ['LACHAN_DATABASE_URL', 'mysql://x'],
    ['LACHAN_SMTP_PIPELINING', 'maybe'],
  ])('refuses %s=%s with a message naming the key', (key, value) => {
    expect(() => loadConfig({ [key]: value })).toThrow(new RegExp(`LC_CONFIG_INVALID|${key}`));
    try {
      loadConfig({ [key]: value });
    } catch (err) {
      expect((err as Error).message).toContain(key);
      expect((err as { code: string }).code).toBe('LC_CONFIG_INVALID');
    }
  });

  it('wants a TLS key and certificate together', () => {
    expect(() => loadConfig({ LACHAN_SMTP_TLS_KEY: '/tmp/k.pem' })).toThrow(/LACHAN_SMTP_TLS_CERT/);
  });
});
