import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import { notOpened, openedBy, type PasswordCandidates } from './passwords.js';
import type { Observation } from './checks.js';
import type { OpenedZip, ZipEntryInfo } from './zip.js';
import { aesDecrypt, aesInfo, crc32, zipCryptoDecrypt, zipCryptoHeaderMatches } from './zip-crypto.js';

/**
 * Opening encrypted zip entries with the passwords a message gives (passwords.ts): the scheme is
 * read from the entry (ZipCrypto, or WinZip AES by method 99 and its 0x9901 field), each candidate
 * is tested cheaply (ZipCrypto's header byte, AES's 2-byte verifier), a passing one decrypts, the
 * data is inflated up to the entry's declared size and its CRC-32 (ZipCrypto, AE-1) or HMAC (AES)
 * must match. The password that opened one entry is tried first on the next.
 *
 * Bounded per attachment (one EncryptedEntries per walk): ZipCrypto header checks, full ZipCrypto
 * decryptions (a wrong password passes the header check 1 time in 256) and AES key derivations
 * (PBKDF2, about 1 ms each) each have a budget; past it the entry stays locked ('budget').
 */

/** ZipCrypto header checks per attachment: a few dozen integer operations each. */
export const ZIPCRYPTO_MAX_TRIES = 4000;
/** Full ZipCrypto decryptions (header check passed) per attachment. */
export const ZIPCRYPTO_MAX_DECRYPTS = 16;
/** AES key derivations (PBKDF2-SHA1, 1000 rounds) per attachment. */
export const AES_MAX_TRIES = 24;

const inflate = promisify(inflateRaw);

/**
 * The costly zip work left for a whole message, shared by its attachments' EncryptedEntries: full
 * ZipCrypto decryptions (the message's text chooses the candidates, and a sender can pick wrong
 * passwords that pass the header byte, each then decrypting a whole entry) and AES key derivations.
 * Twice an attachment's, so a message of a hundred locked zips costs no more than two.
 */
export class ZipMessageBudget {
  zipCryptoDecrypts = 2 * ZIPCRYPTO_MAX_DECRYPTS;
  aesTries = 2 * AES_MAX_TRIES;
}

export type Unlocked =
  | { opened: true; data: Buffer; password: string; scheme: string }
  | { opened: false; reason: 'wrong-password' | 'unsupported' | 'corrupt' | 'size' | 'budget'; detail: string; scheme: string };

export class EncryptedEntries {
  private zipCryptoTries = ZIPCRYPTO_MAX_TRIES;
  private zipCryptoDecrypts = ZIPCRYPTO_MAX_DECRYPTS;
  private aesTries = AES_MAX_TRIES;
  /** The password that opened the last entry: tried first on the next one. */
  private preferred: string | undefined;
  private candidates: PasswordCandidates | undefined;

  constructor(
    private readonly passwords: () => PasswordCandidates,
    private readonly message: ZipMessageBudget = new ZipMessageBudget(),
  ) {}

  /** Tries the candidates on one encrypted entry. Never throws for bad data. */
  async unlock(zip: OpenedZip, entry: ZipEntryInfo): Promise<Unlocked> {
    const raw = entry.raw;
    const aes = entry.compressionMethod === 99 ? aesInfo(raw.extraFields ?? []) : undefined;
    const scheme = entry.compressionMethod === 99 ? (aes ? `AES-${aes.keyBytes * 8}` : 'AES') : 'ZipCrypto';
    if (raw.generalPurposeBitFlag & 0x40) return locked('unsupported', 'PKWARE strong encryption is not supported', 'strong-encryption');
    if (entry.compressionMethod === 99 && !aes) return locked('unsupported', 'AES entry without a valid 0x9901 field', scheme);
    const method = aes ? aes.method : entry.compressionMethod;
    if (method !== 0 && method !== 8) return locked('unsupported', `compression method ${method} inside the encryption is not supported`, scheme);

    const spent = aes ? this.aesTries <= 0 : this.zipCryptoTries <= 0 || this.zipCryptoDecrypts <= 0;
    if (spent) return locked('budget', 'password tries for this attachment used up', scheme);
    let data: Buffer;
    try {
      data = await zip.readRaw(entry);
    } catch (err) {
      return locked('corrupt', `encrypted entry cannot be read: ${err instanceof Error ? err.message : String(err)}`, scheme);
    }
    this.candidates ??= this.passwords();
    const order = this.preferred ? [this.preferred, ...this.candidates.list.filter((p) => p !== this.preferred)] : this.candidates.list;
    let failure: Unlocked | undefined;
    for (const password of order) {
      const key = Buffer.from(password, 'utf8');
      let plain: Buffer | undefined;
      if (aes) {
        if (this.aesTries <= 0) return locked('budget', `AES password tries used up (${AES_MAX_TRIES} per attachment)`, scheme);
        if (this.message.aesTries <= 0) return locked('budget', `AES password tries used up (${2 * AES_MAX_TRIES} per message)`, scheme);
        this.aesTries -= 1;
        this.message.aesTries -= 1;
        const r = aesDecrypt(data, key, aes);
        if (!r.ok) {
          if (r.reason === 'truncated') return locked('corrupt', 'AES entry shorter than its salt and authentication code', scheme);
          if (r.reason === 'bad-mac') failure = locked('corrupt', 'AES authentication code does not match the data', scheme);
          continue;
        }
        plain = r.data;
      } else {
        if (this.zipCryptoTries <= 0) return locked('budget', `password tries used up (${ZIPCRYPTO_MAX_TRIES} per attachment)`, scheme);
        this.zipCryptoTries -= 1;
        // bit 3: sizes and CRC follow the data, the header check byte is the time's high byte
        const check = raw.generalPurposeBitFlag & 0x08 ? (raw.lastModFileTime >>> 8) & 0xff : raw.crc32 >>> 24;
        if (!zipCryptoHeaderMatches(data, key, check)) continue;
        if (this.zipCryptoDecrypts <= 0) return locked('budget', `ZipCrypto decryptions used up (${ZIPCRYPTO_MAX_DECRYPTS} per attachment)`, scheme);
        if (this.message.zipCryptoDecrypts <= 0) return locked('budget', `ZipCrypto decryptions used up (${2 * ZIPCRYPTO_MAX_DECRYPTS} per message)`, scheme);
        this.zipCryptoDecrypts -= 1;
        this.message.zipCryptoDecrypts -= 1;
        plain = zipCryptoDecrypt(data, key, check);
        if (!plain) continue;
      }
      const out = await expand(plain, method, entry.uncompressedSize);
      if ('error' in out) {
        // after an AES check the data is authentic: it is broken; after ZipCrypto's header byte it
        // may be a wrong password that passed by chance (1 in 256), whose garbage seldom inflates far
        if (aes || out.error === 'size') failure = locked(out.error, out.detail, scheme);
        continue;
      }
      // ZipCrypto and AE-1 carry the CRC; AE-2 stores 0 and relies on the HMAC checked above
      const crcChecked = !aes || aes.version === 1;
      if (crcChecked && crc32(out.data) !== raw.crc32 >>> 0) {
        if (aes) failure = locked('corrupt', 'decrypted data does not match its CRC-32', scheme);
        continue;
      }
      this.preferred = password;
      return { opened: true, data: out.data, password, scheme };
    }
    return failure ?? locked('wrong-password', `none of ${order.length} candidate passwords opens it`, scheme);
  }

  /** The finding for an encrypted entry, opened or not; also says whether the message gives a password. */
  observation(result: Unlocked): Observation {
    const candidates = (this.candidates ??= this.passwords());
    const tags = ['zip'];
    if (result.opened) {
      const by = openedBy(candidates, result.password);
      return {
        kind: 'attachment.encrypted',
        detail: `encrypted archive entry (${result.scheme}) opened with ${by.from}; contents inspected`,
        tags: [...tags, 'opened', ...by.tags],
      };
    }
    const locked = notOpened(candidates);
    tags.push(...locked.tags);
    if (result.reason === 'unsupported') tags.push('unsupported');
    return {
      kind: 'attachment.encrypted',
      detail: `encrypted archive entry (${result.scheme}): contents not inspectable; ${locked.given}${result.detail}`,
      tags,
    };
  }
}

function locked(reason: Extract<Unlocked, { opened: false }>['reason'], detail: string, scheme: string): Unlocked {
  return { opened: false, reason, detail, scheme };
}

/** Stored or deflated data, never past `size` bytes (the entry's declared size, already within the walk's limits). */
async function expand(data: Buffer, method: number, size: number): Promise<{ data: Buffer } | { error: 'size' | 'corrupt'; detail: string }> {
  if (method === 0) {
    return data.length === size ? { data } : { error: 'corrupt', detail: `stored entry holds ${data.length} bytes, declares ${size}` };
  }
  try {
    const out = await inflate(data, { maxOutputLength: Math.max(1, size) });
    if (out.length !== size) return { error: 'corrupt', detail: `entry inflates to ${out.length} bytes, declares ${size}` };
    return { data: out };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') return { error: 'size', detail: `entry inflates past its declared size ${size}` };
    return { error: 'corrupt', detail: `decrypted data does not inflate: ${err instanceof Error ? err.message : String(err)}` };
  }
}
