import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseReplies, sendTimed, toSmtpData } from '../../bench/client.js';

describe('bench SMTP client', () => {
  it('splits multi-line and single-line replies and keeps an unfinished reply for later', () => {
    const { replies, rest } = parseReplies('220 hi\r\n250-gw\r\n250-PIPELINING\r\n250 8BITMIME\r\n250-partial\r\n25');
    expect(replies).toEqual([
      { code: 220, lines: ['hi'] },
      { code: 250, lines: ['gw', 'PIPELINING', '8BITMIME'] },
    ]);
    expect(rest).toBe('250-partial\r\n25');
    expect(parseReplies(rest + '0 done\r\n').replies).toEqual([{ code: 250, lines: ['partial', 'done'] }]);
  });

  it('turns a line that is not an SMTP reply into code 0', () => {
    expect(parseReplies('hello there\r\n').replies).toEqual([{ code: 0, lines: ['hello there'] }]);
  });

  it('prepares DATA with CRLF, doubled leading dots and the final dot line', () => {
    const data = toSmtpData(Buffer.from('Subject: x\n\n.hidden\nline\r\n..two'));
    expect(data.toString()).toBe('Subject: x\r\n\r\n..hidden\r\nline\r\n...two\r\n.\r\n');
  });

  describe('against a scripted server', () => {
    let server: net.Server | undefined;
    afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

    function listen(script: (sock: net.Socket, line: string) => void): Promise<number> {
      server = net.createServer((sock) => {
        sock.write('220 test ESMTP\r\n');
        let buf = '';
        let inData = false;
        sock.on('data', (d) => {
          buf += d.toString();
          let nl: number;
          while ((nl = buf.indexOf('\r\n')) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 2);
            if (inData) {
              if (line === '.') {
                inData = false;
                script(sock, '.');
              }
              continue;
            }
            if (line === 'DATA') inData = true;
            script(sock, line);
          }
        });
        sock.on('error', () => undefined);
      });
      return new Promise((resolve) => server!.listen(0, '127.0.0.1', () => resolve((server!.address() as net.AddressInfo).port)));
    }

    it('times a whole transaction up to the reply after the final dot', async () => {
      const port = await listen((sock, line) => {
        if (line.startsWith('EHLO')) sock.write('250-test\r\n250 PIPELINING\r\n');
        else if (line === 'DATA') sock.write('354 go\r\n');
        else if (line === '.') setTimeout(() => sock.write('250 2.0.0 queued\r\n'), 30);
        else if (line === 'QUIT') sock.end('221 bye\r\n');
        else sock.write('250 ok\r\n');
      });
      const r = await sendTimed({ port, from: 'a@b.example', to: 'c@lachan.test', data: toSmtpData(Buffer.from('Subject: t\n\nhi\n')), timeoutMs: 5000 });
      expect(r.ok).toBe(true);
      expect(r.detail).toBe('250 2.0.0 queued');
      expect(r.ms).toBeGreaterThanOrEqual(25);
      expect(r.ms).toBeLessThan(2000);
    });

    it('reports a refused recipient as a failure with the reply, without throwing', async () => {
      const port = await listen((sock, line) => {
        if (line.startsWith('RCPT')) sock.write('550 5.1.1 no such user\r\n');
        else sock.write('250 ok\r\n');
      });
      const r = await sendTimed({ port, from: 'a@b.example', to: 'x@elsewhere.example', data: toSmtpData(Buffer.from('x\n')), timeoutMs: 5000 });
      expect(r).toMatchObject({ ok: false, detail: 'RCPT: 550 5.1.1 no such user' });
    });

    it('gives up at its timeout when the server never answers the final dot', async () => {
      const port = await listen((sock, line) => {
        if (line === 'DATA') sock.write('354 go\r\n');
        else if (line !== '.') sock.write('250 ok\r\n');
      });
      const r = await sendTimed({ port, from: 'a@b.example', to: 'c@lachan.test', data: toSmtpData(Buffer.from('x\n')), timeoutMs: 300 });
      expect(r.ok).toBe(false);
      expect(r.detail).toMatch(/timed out after 300 ms/);
    });
  });
});
