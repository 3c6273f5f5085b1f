import type { Observation } from './checks.js';
import { notOpened, openedBy, type PasswordCandidates } from './passwords.js';
import { decryptPackage, DEFAULT_PASSWORD, packageKey, packageProblem, parseEncryptionInfo, type Decrypted, type Scheme } from './office-crypto.js';
import { rc4PasswordKeys, type BlockKeys } from './office-rc4.js';
import { isXorDocument, xorPasswordArray } from './office-xor.js';
import type { LegacyDocument } from './ole-crypto.js';
import { decryptWorkbook, decryptWorkbookXor, type LockedWorkbook } from './xls-crypto.js';

/**
 * Opening password-encrypted OOXML documents (office-crypto.ts), and legacy .xls workbooks, .doc
 * documents and .ppt presentations encrypted with RC4 or RC4 CryptoAPI (xls-crypto.ts,
 * ole-crypto.ts) or XOR-obfuscated (.xls and .doc, office-xor.ts), met in a walk: the default
 * password "VelvetSweatshop" first (Excel opens a file
 * encrypted with it without asking, so malware uses it to hide macros from scanners while the
 * reader sees nothing; for a .ppt PowerPoint's "/01Hannes Ruescher/01", the same; Word has none), then the
 * message's candidates, then the common ones (passwords.ts). The document that opens is walked
 * like any other (walk.ts); a workbook's decrypted Workbook stream, and a .doc or .ppt decrypted
 * whole, are read like clear ones (macros.ts).
 *
 * Bounded per attachment (one EncryptedDocuments per walk) in hash rounds, not tries: a try costs
 * the file's spin count (100,000 SHA-512 rounds by default, about 80 ms; see office-crypto.ts), and
 * the file chooses its spin count. A try on an RC4 workbook, document or presentation costs 2 or 3
 * hashes; on an XOR-obfuscated workbook or document none, counted as 1.
 */

/**
 * PowerPoint's built-in password for a write-protected presentation (MS-OFFCRYPTO 2.4.2.3, Binary
 * Document Write Protection Method 3): a .ppt or .pps encrypted with it opens without a prompt, as
 * a workbook encrypted with VelvetSweatshop does in Excel — the same trick to hide a presentation's
 * macros and objects from scanners.
 */
export const POWERPOINT_DEFAULT_PASSWORD = '/01Hannes Ruescher/01';

/** The passwords an Office application opens a file with without asking, and which application. */
const SILENT_PASSWORDS: ReadonlyMap<string, string> = new Map([
  [DEFAULT_PASSWORD, 'Excel'],
  [POWERPOINT_DEFAULT_PASSWORD, 'PowerPoint'],
]);

/** Hash rounds per attachment: eight tries at Office's default Agile spin count (about 0.6 s). */
export const OFFICE_MAX_ROUNDS = 800_000;
/**
 * Hash rounds per message, over all its attachments (one RoundBudget per message): without it a
 * message of a hundred locked documents would cost a hundred times an attachment's budget.
 */
export const MESSAGE_OFFICE_MAX_ROUNDS = 2 * OFFICE_MAX_ROUNDS;

/** The hash rounds left for a whole message (shared by its attachments' EncryptedDocuments). */
export class RoundBudget {
  rounds = MESSAGE_OFFICE_MAX_ROUNDS;
}

/** The two streams of an encrypted OOXML document, as found at the root of its OLE container. */
export interface SealedDocument {
  info: Buffer;
  package: Buffer;
}

export type OfficeUnlocked =
  | { opened: true; data: Buffer; password: string; scheme: string; integrity: 'valid' | 'invalid' | 'absent' }
  | { opened: false; reason: 'wrong-password' | 'unsupported' | 'corrupt' | 'size' | 'budget'; detail: string; scheme: string };

export class EncryptedDocuments {
  private rounds = OFFICE_MAX_ROUNDS;
  private candidates: PasswordCandidates | undefined;

  constructor(
    private readonly passwords: () => PasswordCandidates,
    private readonly message: RoundBudget = new RoundBudget(),
  ) {}

  /** Tries the passwords on one document; `maxBytes` is what the walk may still inspect. Never rejects. */
  async open(sealed: SealedDocument, maxBytes: number): Promise<OfficeUnlocked> {
    const scheme = parseEncryptionInfo(sealed.info);
    if ('error' in scheme) return locked(scheme.unsupported ? 'unsupported' : 'corrupt', scheme.error, scheme.name ?? 'unknown');
    const name = schemeName(scheme);
    // the package is checked before any key is derived: a bad one costs nothing
    const problem = packageProblem(sealed.package, maxBytes);
    if (problem) return locked(problem.reason, problem.detail, name);
    return this.tryPasswords(name, scheme.spinCount, (password) => packageKey(scheme, password), (key) => decryptPackage(scheme, key, sealed.package, maxBytes), DEFAULT_PASSWORD);
  }

  /**
   * Tries the passwords on a legacy workbook encrypted with RC4 or RC4 CryptoAPI, or XOR-obfuscated
   * (xls-crypto.ts); the decrypted Workbook stream is `data`. A try costs a few hashes (none for
   * XOR), counted against the same budget. `maxBytes` bounds the stream decrypted. Never rejects.
   */
  async openWorkbook(book: LockedWorkbook, maxBytes: number): Promise<OfficeUnlocked> {
    const common = { name: book.name, rounds: book.rounds, what: 'workbook', bytes: book.stream.length, defaultPassword: DEFAULT_PASSWORD };
    const scheme = book.scheme;
    return this.openRc4(
      scheme.type === 'xor'
        ? { ...common, scheme, decrypt: (array: Buffer) => decryptWorkbookXor(book, array) }
        : { ...common, scheme, decrypt: (keys: BlockKeys) => decryptWorkbook(book, keys) },
      maxBytes,
    );
  }

  /**
   * Tries the passwords on a legacy document encrypted with RC4 or RC4 CryptoAPI, or XOR-obfuscated
   * (an .xls workbook stream, a whole .doc or .ppt: ole-crypto.ts); what it decrypts to is `data`. A
   * try costs a few hashes, counted against the same budget. `maxBytes` bounds what is decrypted.
   * Never rejects.
   */
  async openRc4(doc: LegacyDocument, maxBytes: number): Promise<OfficeUnlocked> {
    if (doc.bytes > maxBytes) {
      return locked('size', `decrypted ${doc.what} would be ${doc.bytes} bytes, over the ${maxBytes} bytes left to inspect`, doc.name);
    }
    const written = (data: Buffer | undefined): Decrypted =>
      data ? { ok: true, data, integrity: 'absent' } : { ok: false, reason: 'corrupt', detail: 'the decrypted streams cannot be written back into the compound file' };
    if (isXorDocument(doc)) {
      const scheme = doc.scheme;
      return this.tryPasswords(doc.name, doc.rounds, (password) => xorPasswordArray(scheme, password), (array) => written(doc.decrypt(array)), doc.defaultPassword);
    }
    const scheme = doc.scheme;
    return this.tryPasswords(doc.name, doc.rounds, (password) => rc4PasswordKeys(scheme, password), (keys) => written(doc.decrypt(keys)), doc.defaultPassword);
  }

  /** The passwords in order until one gives a key, within the round budget; `rounds` is a try's cost. */
  private async tryPasswords<K>(
    name: string,
    rounds: number,
    keyFor: (password: string) => Promise<K | undefined> | K | undefined,
    decrypt: (key: K) => Decrypted,
    // (no default value: undefined means "none", as for Word)
    defaultPassword: string | undefined,
  ): Promise<OfficeUnlocked> {
    let tried = 0;
    for (const password of this.order(defaultPassword)) {
      if (rounds > this.rounds || rounds > this.message.rounds) {
        const what = tried > 0 ? `${tried} password${tried > 1 ? 's' : ''} tried, then the` : 'the';
        const whose = rounds > this.rounds ? `this attachment are used up (${OFFICE_MAX_ROUNDS}` : `this message are used up (${MESSAGE_OFFICE_MAX_ROUNDS}`;
        return locked('budget', `${what} password tries for ${whose} hash rounds, ${rounds} per try)`, name);
      }
      this.rounds -= rounds;
      this.message.rounds -= rounds;
      tried += 1;
      const key = await keyFor(password);
      if (!key) continue;
      const out = decrypt(key);
      if (!out.ok) return locked(out.reason, out.detail, name);
      return { opened: true, data: out.data, password, scheme: name, integrity: out.integrity };
    }
    return locked('wrong-password', `none of ${tried} candidate passwords opens it`, name);
  }

  /** The finding for an encrypted document, opened or not; says which password opened it. */
  observation(result: OfficeUnlocked): Observation {
    const candidates = this.candidates ?? this.passwords();
    const tags = ['office'];
    if (result.opened) {
      const app = SILENT_PASSWORDS.get(result.password);
      const byDefault = app !== undefined;
      const by = byDefault ? undefined : openedBy(candidates, result.password);
      // 'default-password' first: its banner text (banner.reason.<kind>.<tag>, first tag that has one) wins
      if (byDefault) tags.push('default-password');
      tags.push('opened', ...(by?.tags ?? []));
      const from = by ? by.from : `${app}'s default password "${result.password}" (opens without asking the reader)`;
      const integrity = result.integrity === 'invalid' ? '; its integrity code does not match (altered after encryption)' : '';
      return {
        kind: 'attachment.encrypted',
        detail: `password-protected Office document (${result.scheme}) opened with ${from}${integrity}; contents inspected`,
        tags,
      };
    }
    // as for encrypted zips: 'not-opened' means the message hands over a password that did not open it
    const locked = notOpened(candidates);
    tags.push(...locked.tags);
    if (result.reason === 'unsupported') tags.push('unsupported');
    return {
      kind: 'attachment.encrypted',
      detail: `password-protected Office document (${result.scheme}): contents not inspectable; ${locked.given}${result.detail}`,
      tags,
    };
  }

  /**
   * The application's default password (VelvetSweatshop for Excel, PowerPoint's for a .ppt; none for
   * Word), then the message's candidates and the common passwords, each once.
   */
  private order(defaultPassword: string | undefined): string[] {
    this.candidates ??= this.passwords();
    return [...new Set([...(defaultPassword !== undefined ? [defaultPassword] : []), ...this.candidates.list])];
  }
}

function schemeName(scheme: Scheme): string {
  if (scheme.type === 'standard') return `Standard AES-${scheme.keyBytes * 8}`;
  return `Agile AES-${scheme.data.keyBytes * 8}, ${scheme.password.hash.toUpperCase()}`;
}

function locked(reason: Extract<OfficeUnlocked, { opened: false }>['reason'], detail: string, scheme: string): OfficeUnlocked {
  return { opened: false, reason, detail, scheme };
}
