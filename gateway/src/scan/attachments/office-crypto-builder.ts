import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import CFB from 'cfb';

/**
 * Encrypts an OOXML zip the way Office does ([MS-OFFCRYPTO] 2.3.4.5–2.3.4.14), for tests only:
 * Debian's msoffcrypto-tool (5.0) decrypts but cannot encrypt. Written apart from office-crypto.ts
 * (no shared code), and the tests decrypt what it makes with `msoffcrypto-tool -p`, so a mistake
 * shared by builder and reader cannot pass unseen. Nothing on the mail path imports this file.
 */

export interface AgileOptions {
  scheme: 'agile';
  hash?: 'SHA1' | 'SHA256' | 'SHA384' | 'SHA512';
  keyBits?: 128 | 192 | 256;
  spinCount?: number;
}

export interface StandardOptions {
  scheme: 'standard';
  keyBits?: 128 | 192 | 256;
}

type Hash = 'sha1' | 'sha256' | 'sha384' | 'sha512';

function h(alg: Hash, ...parts: Buffer[]): Buffer {
  const x = createHash(alg);
  for (const p of parts) x.update(p);
  return x.digest();
}

function iterated(alg: Hash, salt: Buffer, password: string, spins: number): Buffer {
  let v = h(alg, salt, Buffer.from(password, 'utf16le'));
  for (let i = 0; i < spins; i++) {
    const n = Buffer.alloc(4);
    n.writeUInt32LE(i);
    v = h(alg, n, v);
  }
  return v;
}

function encrypt(mode: 'cbc' | 'ecb', key: Buffer, iv: Buffer | null, data: Buffer): Buffer {
  const padded = Buffer.concat([data, Buffer.alloc((16 - (data.length % 16)) % 16)]);
  const c = createCipheriv(`aes-${key.length * 8}-${mode}`, key, iv);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(padded), c.final()]);
}

function sizePrefix(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}

/** An OLE file with the two streams Office writes for an encrypted package. */
export function sealedContainer(info: Buffer, pkg: Buffer): Buffer {
  const c = CFB.utils.cfb_new();
  CFB.utils.cfb_add(c, '/EncryptionInfo', info);
  CFB.utils.cfb_add(c, '/EncryptedPackage', pkg);
  return Buffer.from(CFB.write(c, { type: 'buffer' }) as Uint8Array);
}

export function encryptOoxml(zip: Buffer, password: string, opts: AgileOptions | StandardOptions = { scheme: 'agile' }): Buffer {
  const { info, pkg } = opts.scheme === 'agile' ? agile(zip, password, opts) : standard(zip, password, opts);
  return sealedContainer(info, pkg);
}

/** The two streams, for tests that break one of them on purpose. */
export function encryptOoxmlStreams(zip: Buffer, password: string, opts: AgileOptions | StandardOptions = { scheme: 'agile' }): { info: Buffer; pkg: Buffer } {
  return opts.scheme === 'agile' ? agile(zip, password, opts) : standard(zip, password, opts);
}

const BLOCKS = {
  verifierInput: Buffer.from('fea7d2763b4b9e79', 'hex'),
  verifierHash: Buffer.from('d7aa0f6d3061344e', 'hex'),
  keyValue: Buffer.from('146e0be7abacd0d6', 'hex'),
  hmacKey: Buffer.from('5fb2ad010cb9e1f6', 'hex'),
  hmacValue: Buffer.from('a0677f02b22c8433', 'hex'),
};

function agile(zip: Buffer, password: string, opts: AgileOptions): { info: Buffer; pkg: Buffer } {
  const hashName = opts.hash ?? 'SHA512';
  const alg = hashName.toLowerCase() as Hash;
  const keyBits = opts.keyBits ?? 256;
  const keyBytes = keyBits / 8;
  const spinCount = opts.spinCount ?? 100_000;
  const hashSize = h(alg).length;
  const fit = (b: Buffer, n: number) => (b.length >= n ? b.subarray(0, n) : Buffer.concat([b, Buffer.alloc(n - b.length, 0x36)]));

  const secret = randomBytes(keyBytes);
  const dataSalt = randomBytes(16);
  const segments: Buffer[] = [sizePrefix(zip.length)];
  for (let at = 0, i = 0; at < zip.length; at += 4096, i++) {
    const n = Buffer.alloc(4);
    n.writeUInt32LE(i);
    segments.push(encrypt('cbc', secret, h(alg, dataSalt, n).subarray(0, 16), zip.subarray(at, at + 4096)));
  }
  const pkg = Buffer.concat(segments);

  const hmacKey = randomBytes(hashSize);
  const hmacValue = createHmac(alg, hmacKey).update(pkg).digest();
  const encryptedHmacKey = encrypt('cbc', secret, h(alg, dataSalt, BLOCKS.hmacKey).subarray(0, 16), hmacKey);
  const encryptedHmacValue = encrypt('cbc', secret, h(alg, dataSalt, BLOCKS.hmacValue).subarray(0, 16), hmacValue);

  const pwSalt = randomBytes(16);
  const spun = iterated(alg, pwSalt, password, spinCount);
  const keyFor = (block: Buffer) => fit(h(alg, spun, block), keyBytes);
  const verifier = randomBytes(16);
  const encVerifierInput = encrypt('cbc', keyFor(BLOCKS.verifierInput), pwSalt, verifier);
  const encVerifierHash = encrypt('cbc', keyFor(BLOCKS.verifierHash), pwSalt, h(alg, verifier));
  const encKeyValue = encrypt('cbc', keyFor(BLOCKS.keyValue), pwSalt, secret);

  const common = `blockSize="16" keyBits="${keyBits}" hashSize="${hashSize}" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="${hashName}"`;
  const xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' +
    '<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password" xmlns:c="http://schemas.microsoft.com/office/2006/keyEncryptor/certificate">' +
    `<keyData saltSize="16" ${common} saltValue="${dataSalt.toString('base64')}"/>` +
    `<dataIntegrity encryptedHmacKey="${encryptedHmacKey.toString('base64')}" encryptedHmacValue="${encryptedHmacValue.toString('base64')}"/>` +
    '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">' +
    `<p:encryptedKey spinCount="${spinCount}" saltSize="16" ${common} saltValue="${pwSalt.toString('base64')}" ` +
    `encryptedVerifierHashInput="${encVerifierInput.toString('base64')}" encryptedVerifierHashValue="${encVerifierHash.toString('base64')}" ` +
    `encryptedKeyValue="${encKeyValue.toString('base64')}"/></keyEncryptor></keyEncryptors></encryption>`;
  const head = Buffer.alloc(8);
  head.writeUInt16LE(4, 0);
  head.writeUInt16LE(4, 2);
  head.writeUInt32LE(0x40, 4);
  return { info: Buffer.concat([head, Buffer.from(xml, 'utf8')]), pkg };
}

function standard(zip: Buffer, password: string, opts: StandardOptions): { info: Buffer; pkg: Buffer } {
  const keyBits = opts.keyBits ?? 128;
  const salt = randomBytes(16);
  // 2.3.4.7: SHA-1 spun 50,000 times, block 0, then the 0x36/0x5c expansion
  const hFinal = h('sha1', iterated('sha1', salt, password, 50_000), Buffer.alloc(4));
  const x = (c: number) => h('sha1', Buffer.from(Buffer.alloc(64, c).map((b, i) => (i < 20 ? b ^ hFinal[i]! : b))));
  const key = Buffer.concat([x(0x36), x(0x5c)]).subarray(0, keyBits / 8);

  const csp = Buffer.from('Microsoft Enhanced RSA and AES Cryptographic Provider\0', 'utf16le');
  const header = Buffer.alloc(32);
  header.writeUInt32LE(0x24, 0); // fCryptoAPI | fAES
  header.writeUInt32LE(0, 4);
  header.writeUInt32LE({ 128: 0x660e, 192: 0x660f, 256: 0x6610 }[keyBits], 8);
  header.writeUInt32LE(0x8004, 12); // SHA-1
  header.writeUInt32LE(keyBits, 16);
  header.writeUInt32LE(0x18, 20); // PROV_RSA_AES
  const verifier = randomBytes(16);
  const verifierPart = Buffer.alloc(4 + 16 + 16 + 4 + 32);
  verifierPart.writeUInt32LE(16, 0);
  salt.copy(verifierPart, 4);
  encrypt('ecb', key, null, verifier).copy(verifierPart, 20);
  verifierPart.writeUInt32LE(20, 36);
  encrypt('ecb', key, null, h('sha1', verifier)).copy(verifierPart, 40);
  const top = Buffer.alloc(12);
  top.writeUInt16LE(4, 0);
  top.writeUInt16LE(2, 2);
  top.writeUInt32LE(0x24, 4);
  top.writeUInt32LE(header.length + csp.length, 8);
  const info = Buffer.concat([top, header, csp, verifierPart]);
  const pkg = Buffer.concat([sizePrefix(zip.length), encrypt('ecb', key, null, zip)]);
  return { info, pkg };
}
