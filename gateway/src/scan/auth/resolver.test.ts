import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDnsResolver } from './resolver.js';

/** A tiny authoritative DNS server on 127.0.0.1 for TXT records (a real UDP server, real resolver). */
function startDns(zone: Record<string, string | 'NXDOMAIN' | 'SILENT'>) {
  const socket = dgram.createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (msg, rinfo) => {
    let off = 12;
    const labels: string[] = [];
    while (msg[off]! > 0) {
      labels.push(msg.subarray(off + 1, off + 1 + msg[off]!).toString());
      off += msg[off]! + 1;
    }
    const question = msg.subarray(12, off + 5);
    const name = labels.join('.').toLowerCase();
    queries.push(name);
    const answer = zone[name];
    if (answer === 'SILENT') return;
    const header = Buffer.alloc(12);
    msg.copy(header, 0, 0, 2); // id
    const nx = answer === undefined || answer === 'NXDOMAIN';
    header.writeUInt16BE(0x8400 | (nx ? 3 : 0), 2); // response, authoritative, rcode
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(nx ? 0 : 1, 6);
    const parts = [header, question];
    if (!nx) {
      const text = Buffer.from(answer);
      const rr = Buffer.alloc(12);
      rr.writeUInt16BE(0xc00c, 0);
      rr.writeUInt16BE(16, 2); // TXT
      rr.writeUInt16BE(1, 4); // IN
      rr.writeUInt32BE(300, 6);
      rr.writeUInt16BE(text.length + 1, 10);
      parts.push(rr, Buffer.from([text.length]), text);
    }
    socket.send(Buffer.concat(parts), rinfo.port, rinfo.address);
  });
  return new Promise<{ server: string; queries: string[]; close(): void }>((resolve) =>
    socket.bind(0, '127.0.0.1', () => resolve({ server: `127.0.0.1:${socket.address().port}`, queries, close: () => socket.close() })),
  );
}

describe('DNS for sender authentication', () => {
  let dns: Awaited<ReturnType<typeof startDns>>;
  beforeAll(async () => {
    dns = await startDns({ '_dmarc.bank.example': 'v=DMARC1; p=reject', 'slow.example': 'SILENT' });
  });
  afterAll(() => dns?.close());

  it('answers from the server once, then from its cache', async () => {
    const resolve = createDnsResolver({ servers: [dns.server] });
    const before = dns.queries.length;
    expect(await resolve('_dmarc.bank.example', 'TXT')).toEqual([['v=DMARC1; p=reject']]);
    expect(await resolve('_DMARC.bank.example', 'TXT')).toEqual([['v=DMARC1; p=reject']]);
    expect(dns.queries.length - before).toBe(1);
  });

  it('remembers that a name does not exist', async () => {
    const resolve = createDnsResolver({ servers: [dns.server] });
    const before = dns.queries.length;
    await expect(resolve('_dmarc.nobody.example', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolve('_dmarc.nobody.example', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(dns.queries.length - before).toBe(1);
  });

  it('gives up on a server that does not answer within its timeout, and asks again next time', async () => {
    const resolve = createDnsResolver({ servers: [dns.server], timeoutMs: 200 });
    const before = dns.queries.length;
    await expect(resolve('slow.example', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    await expect(resolve('slow.example', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    expect(dns.queries.length - before).toBe(2);
  });
});
