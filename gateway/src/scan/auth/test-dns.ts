import dgram from 'node:dgram';

/**
 * A tiny authoritative DNS server on 127.0.0.1 for the sender-authentication tests: real UDP, so
 * the real resolver (resolver.ts) and mailauth are tested against real answers. Only for tests;
 * nothing on the mail path imports this file.
 *
 * Each name holds TXT records (one string each; strings longer than 255 bytes, such as 2048-bit
 * DKIM keys, are split into several character-strings as RFC 7208/6376 publishers do), or
 * 'NXDOMAIN', or 'SILENT' (the query gets no answer: a timeout). A name that is not in the zone is
 * NXDOMAIN; a query for another type than TXT of a known name gets an empty answer (NODATA).
 * A name can also hold records by type ({ a, aaaa, ptr, txt }): client host names, reverse DNS.
 */
export interface ZoneRecords {
  txt?: string[];
  a?: string[];
  aaaa?: string[];
  ptr?: string[];
}
export type ZoneEntry = string | string[] | 'NXDOMAIN' | 'SILENT' | ZoneRecords;

export interface TestDns {
  /** `127.0.0.1:port`, as LACHAN_DNS_SERVERS and createDnsResolver take it. */
  server: string;
  /** Names asked for, lower case, in order. */
  queries: string[];
  /** Records can be changed while the server runs (a key published later, a name going silent). */
  zone: Record<string, ZoneEntry>;
  close(): Promise<void>;
}

const TXT = 16;
const A = 1;
const AAAA = 28;
const PTR = 12;

function nameRdata(name: string): Buffer {
  const parts = name.replace(/\.$/, '').split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)]));
  return Buffer.concat([...parts, Buffer.from([0])]);
}

function ipv6Rdata(address: string): Buffer {
  const [head = '', tail = ''] = address.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

/** The records of one type of a zone entry, as [type, rdata]. */
function recordsOf(entry: ZoneEntry, qtype: number): Buffer[] {
  if (typeof entry === 'string' || Array.isArray(entry)) return qtype === TXT ? ([] as string[]).concat(entry).map(txtRdata) : [];
  if (qtype === TXT) return (entry.txt ?? []).map(txtRdata);
  if (qtype === A) return (entry.a ?? []).map((ip) => Buffer.from(ip.split('.').map(Number)));
  if (qtype === AAAA) return (entry.aaaa ?? []).map(ipv6Rdata);
  if (qtype === PTR) return (entry.ptr ?? []).map(nameRdata);
  return [];
}

function txtRdata(text: string): Buffer {
  const bytes = Buffer.from(text);
  const parts: Buffer[] = [];
  let off = 0;
  do {
    const chunk = bytes.subarray(off, off + 255);
    parts.push(Buffer.from([chunk.length]), chunk);
    off += 255;
  } while (off < bytes.length);
  return Buffer.concat(parts);
}

function answer(msg: Buffer, zone: Record<string, ZoneEntry>, queries: string[]): Buffer | undefined {
  if (msg.length < 17) return undefined;
  let off = 12;
  const labels: string[] = [];
  while (off < msg.length && msg[off]! > 0) {
    labels.push(msg.subarray(off + 1, off + 1 + msg[off]!).toString());
    off += msg[off]! + 1;
  }
  if (off + 5 > msg.length) return undefined;
  const qtype = msg.readUInt16BE(off + 1);
  const question = msg.subarray(12, off + 5);
  const name = labels.join('.').toLowerCase();
  queries.push(name);
  const entry = zone[name];
  if (entry === 'SILENT') return undefined;
  const nx = entry === undefined || entry === 'NXDOMAIN';
  const records = nx ? [] : recordsOf(entry, qtype);
  const header = Buffer.alloc(12);
  msg.copy(header, 0, 0, 2); // id
  header.writeUInt16BE(0x8400 | (nx ? 3 : 0), 2); // response, authoritative, rcode
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(records.length, 6);
  const parts = [header, question];
  for (const rdata of records) {
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0); // the name of the question
    rr.writeUInt16BE(qtype, 2);
    rr.writeUInt16BE(1, 4); // IN
    rr.writeUInt32BE(300, 6);
    rr.writeUInt16BE(rdata.length, 10);
    parts.push(rr, rdata);
  }
  return Buffer.concat(parts);
}

export function startTestDns(zone: Record<string, ZoneEntry>): Promise<TestDns> {
  const socket = dgram.createSocket('udp4');
  const queries: string[] = [];
  const live = { ...zone };
  socket.on('message', (msg, rinfo) => {
    const reply = answer(msg, live, queries);
    if (reply) socket.send(reply, rinfo.port, rinfo.address);
  });
  return new Promise((resolve) =>
    socket.bind(0, '127.0.0.1', () =>
      resolve({
        server: `127.0.0.1:${socket.address().port}`,
        queries,
        zone: live,
        close: () => new Promise<void>((done) => socket.close(() => done())),
      }),
    ),
  );
}

/**
 * The zone most forwarding tests share: bank.example signs with DKIM (selector `sel`), publishes
 * DMARC p=reject and SPF for 192.0.2.10; lists.example seals ARC (selector `arc`) and sends from
 * `listServer`, whose reverse DNS name mx.lists.example resolves back to it (an IPv4 address).
 */
export function bankAndListZone(keys: { bank: { record: string }; lists: { record: string } }, listServer: string): Record<string, ZoneEntry> {
  return {
    'sel._domainkey.bank.example': keys.bank.record,
    'arc._domainkey.lists.example': keys.lists.record,
    '_dmarc.bank.example': 'v=DMARC1; p=reject',
    'bank.example': 'v=spf1 ip4:192.0.2.10 -all',
    'lists.example': `v=spf1 ip4:${listServer} -all`,
    [`${listServer.split('.').reverse().join('.')}.in-addr.arpa`]: { ptr: ['mx.lists.example'] },
    'mx.lists.example': { a: [listServer] },
  };
}
