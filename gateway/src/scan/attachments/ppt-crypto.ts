import { parseRc4Header, rc4SchemeName, rc4TryRounds, type BlockKeys, type LockError, type Rc4Scheme } from './office-rc4.js';
import { rc4 } from './pdf-crypt.js';

/**
 * Encrypted PowerPoint 97–2003 presentations ([MS-PPT] 2.3.7, RC4 CryptoAPI only): the Current
 * User stream's CurrentUserAtom says so (headerToken 0xF3D1C4DF) and points at the UserEditAtom,
 * whose extra field encryptSessionPersistIdRef names the persist object holding the
 * CryptSession10Container (the EncryptionHeader, clear). Every other persist object of the
 * PowerPoint Document stream — the document, slides, and the ExOleObjStg records holding embedded
 * objects and the VBA project (ppt.ts) — is encrypted whole, header included, with one RC4
 * keystream keyed by its persist id. UserEditAtom and PersistDirectoryAtom records stay clear.
 * (The Pictures and EncryptedSummary streams are encrypted too; pictures hold no macros and are not
 * decrypted here.)
 *
 * The persist directory is read as [MS-PPT] 2.1.2 says: UserEditAtoms from the current one back
 * through offsetLastEdit, each naming a PersistDirectoryAtom, the newer entries winning. Bounded:
 * MAX_EDITS edits, MAX_OBJECTS persist objects, and persist objects that overlap one decrypted
 * already are left as they are, so decryption is linear in the stream. Nothing here throws.
 */

const CURRENT_USER_ATOM = 0x0ff6;
const USER_EDIT_ATOM = 0x0ff5;
const PERSIST_DIRECTORY_ATOM = 0x1772;
const CRYPT_SESSION = 0x2f14;
const TOKEN_ENCRYPTED = 0xf3d1c4df;
const TOKEN_CLEAR = 0xe391c05f;
/** UserEditAtom's recLen without / with encryptSessionPersistIdRef. */
const USER_EDIT_BYTES = 0x1c;
const MAX_EDITS = 256;
const MAX_OBJECTS = 65_536;

export interface LockedPresentation {
  scheme: Rc4Scheme;
  /** Persist id and stream offset of each encrypted persist object (the crypt session left out). */
  objects: [id: number, offset: number][];
  /** Where the CryptSession10Container record and the current UserEditAtom start. */
  cryptAt: number;
  editAt: number;
  /** For the report: 'PowerPoint RC4 CryptoAPI 128-bit'. */
  name: string;
  rounds: number;
}

/**
 * The encryption of a presentation from its Current User and PowerPoint Document streams:
 * undefined when it is not encrypted, a LockedPresentation, or why it cannot be opened.
 */
export function presentationLock(currentUser: Buffer | undefined, doc: Buffer): LockedPresentation | LockError | undefined {
  if (!currentUser || currentUser.length < 20 || currentUser.readUInt16LE(2) !== CURRENT_USER_ATOM) return undefined;
  const token = currentUser.readUInt32LE(12);
  const editAt = currentUser.readUInt32LE(16);
  const edit = userEdit(doc, editAt);
  const ref = edit && edit.recLen >= USER_EDIT_BYTES + 4 ? doc.readUInt32LE(editAt + 8 + USER_EDIT_BYTES) : 0;
  if (token !== TOKEN_ENCRYPTED && ref === 0) return undefined;
  if (!edit) return { error: 'the current UserEditAtom cannot be read' };
  if (ref === 0) return { error: 'the UserEditAtom names no CryptSession10Container' };
  const directory = persistDirectory(doc, editAt);
  if ('error' in directory) return directory;
  const cryptAt = directory.get(ref);
  if (cryptAt === undefined || cryptAt + 8 > doc.length || doc.readUInt16LE(cryptAt + 2) !== CRYPT_SESSION) {
    return { error: 'the CryptSession10Container is missing' };
  }
  const scheme = parseRc4Header(doc.subarray(cryptAt + 8, cryptAt + 8 + doc.readUInt32LE(cryptAt + 4)));
  if ('error' in scheme) return scheme;
  const objects = [...directory].filter(([id]) => id !== ref).sort((a, b) => a[1] - b[1]);
  return { scheme, objects, cryptAt, editAt, name: `PowerPoint ${rc4SchemeName(scheme)}`, rounds: rc4TryRounds(scheme) };
}

/** The UserEditAtom at `at`: its recLen, offsetLastEdit and offsetPersistDirectory. */
function userEdit(doc: Buffer, at: number): { recLen: number; lastEdit: number; directory: number } | undefined {
  if (at + 8 + USER_EDIT_BYTES > doc.length || doc.readUInt16LE(at + 2) !== USER_EDIT_ATOM) return undefined;
  const recLen = doc.readUInt32LE(at + 4);
  if (recLen < USER_EDIT_BYTES || at + 8 + Math.min(recLen, USER_EDIT_BYTES + 4) > doc.length) return undefined;
  return { recLen, lastEdit: doc.readUInt32LE(at + 16), directory: doc.readUInt32LE(at + 20) };
}

/** Persist id → stream offset, from the edits' PersistDirectoryAtoms (newest wins). */
function persistDirectory(doc: Buffer, editAt: number): Map<number, number> | LockError {
  const atoms: number[] = [];
  const seen = new Set<number>();
  for (let at = editAt; atoms.length < MAX_EDITS && !seen.has(at); ) {
    seen.add(at);
    const edit = userEdit(doc, at);
    if (!edit) return { error: `no UserEditAtom at offset ${at}` };
    atoms.push(edit.directory);
    if (edit.lastEdit === 0) break;
    at = edit.lastEdit;
  }
  const directory = new Map<number, number>();
  // oldest first, so a newer edit's offset replaces an older one
  for (const at of atoms.reverse()) {
    if (at + 8 > doc.length || doc.readUInt16LE(at + 2) !== PERSIST_DIRECTORY_ATOM) return { error: `no PersistDirectoryAtom at offset ${at}` };
    const end = Math.min(doc.length, at + 8 + doc.readUInt32LE(at + 4));
    for (let pos = at + 8; pos + 4 <= end; ) {
      const entry = doc.readUInt32LE(pos);
      const id = entry & 0xfffff;
      const count = entry >>> 20;
      pos += 4;
      for (let i = 0; i < count && pos + 4 <= end; i++, pos += 4) {
        if (directory.size >= MAX_OBJECTS && !directory.has(id + i)) continue;
        directory.set(id + i, doc.readUInt32LE(pos));
      }
    }
  }
  return directory;
}

/**
 * The Current User and PowerPoint Document streams decrypted: each persist object decrypted in
 * place (header first, to learn its length), the CryptSession10Container turned into an atom of
 * zeros (stepped over by ppt.ts's record walk), encryptSessionPersistIdRef cleared and the
 * CurrentUserAtom's token set to "not encrypted", so the result reads as a clear presentation.
 */
export function decryptPresentation(lock: LockedPresentation, keys: BlockKeys, streams: { currentUser: Buffer; doc: Buffer }): Record<string, Buffer> {
  const doc = Buffer.from(streams.doc);
  let done = 0;
  for (const [id, at] of lock.objects) {
    // an object overlapping one already decrypted is not Office's: left as it is
    if (at < done || at + 8 > doc.length || at === lock.editAt) continue;
    const key = keys(id);
    const header = rc4(key, doc.subarray(at, at + 8));
    const end = Math.min(doc.length, at + 8 + header.readUInt32LE(4));
    rc4(key, doc.subarray(at, end)).copy(doc, at);
    done = end;
  }
  const cryptEnd = Math.min(doc.length, lock.cryptAt + 8 + doc.readUInt32LE(lock.cryptAt + 4));
  doc.writeUInt16LE(doc.readUInt16LE(lock.cryptAt) & 0xfff0, lock.cryptAt);
  doc.fill(0, lock.cryptAt + 8, cryptEnd);
  doc.writeUInt32LE(0, lock.editAt + 8 + USER_EDIT_BYTES);
  const currentUser = Buffer.from(streams.currentUser);
  currentUser.writeUInt32LE(TOKEN_CLEAR, 12);
  return { 'Current User': currentUser, 'PowerPoint Document': doc };
}
