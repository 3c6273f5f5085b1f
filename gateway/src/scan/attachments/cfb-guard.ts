import CFB from 'cfb';
import type { CFB$Container } from 'cfb';

/**
 * CFB.read (the `cfb` package) on a compound file damaged on purpose can take the whole gateway
 * down, not only fail: it follows the directory's sibling links (build_full_paths) with a queue
 * that grows without end when they loop (a .doc whose directory entry names itself as left and
 * right sibling: V8 aborts with "invalid size error", which no try/catch sees), walks the
 * parent chain it built without a step limit, and follows a big stream's FAT chain from a start
 * sector past the end of the file with no loop check (get_sector_list).
 *
 * readCompoundFile() reads the header, the FAT sector list, the directory chain and entries the
 * way cfb does, replays those three loops with step budgets, and throws (like CFB.read does on a
 * damaged file, so every caller's catch already handles it) before handing over a file that would
 * make them run away. Files Office writes pass: their directory is a tree of a few hundred entries.
 */

const ENDOFCHAIN = -2;
/** Queue entries build_full_paths may make (it starts with one per directory entry). */
const MAX_QUEUE = 200_000;
/** lastIndexOf steps over that queue (cfb pays one search per sibling link looked at). */
const MAX_SEARCH = 50_000_000;
/** Steps up parent chains when building the paths, in all. */
const MAX_PARENT_STEPS = 2_000_000;
/** Sectors of one stream chain followed from outside the file. */
const MAX_CHAIN = 1 << 20;

export class CompoundFileError extends Error {}

export function readCompoundFile(bytes: Buffer): CFB$Container {
  checkCompoundFile(bytes);
  return CFB.read(bytes, { type: 'buffer' });
}

/** Throws CompoundFileError when CFB.read would run away on `bytes` (see the top of this file). */
export function checkCompoundFile(bytes: Buffer): void {
  // not a compound file header (a zip, too short, another version): CFB.read decides (and throws)
  if (bytes.length < 512 || bytes.readUInt32LE(0) !== 0xe011cfd0) return;
  const major = bytes.readUInt16LE(26);
  const ssz = major === 4 ? 4096 : 512;
  if (bytes.length < ssz) return;
  const i32 = (buf: Buffer | undefined, at: number): number | undefined => (buf && at >= 0 && at + 4 <= buf.length ? buf.readInt32LE(at) : undefined);

  // sectorify: sector k is at (k + 1) * ssz, the last one may be short
  const count = Math.ceil(bytes.length / ssz) - 1;
  const sector = (k: number): Buffer | undefined => (Number.isInteger(k) && k >= 0 && k < count ? bytes.subarray((k + 1) * ssz, Math.min(bytes.length, (k + 2) * ssz)) : undefined);

  // the FAT sector list: 109 in the header, then the DIFAT chain (cfb recurses once per DIFAT sector)
  const fatAddrs: number[] = [];
  for (let j = 0; j < 109; j++) {
    const q = bytes.readInt32LE(76 + 4 * j);
    if (q < 0) break;
    fatAddrs.push(q);
  }
  let difat = bytes.readInt32LE(68);
  let difatCount = bytes.readInt32LE(72);
  for (let hops = 0; difat !== ENDOFCHAIN && difat !== -1 && hops < 20_000; hops++) {
    const s = sector(difat);
    if (!s) break;
    for (let i = 0; i < (ssz >>> 2) - 1; i++) {
      const q = i32(s, i * 4)!;
      if (q === ENDOFCHAIN) break;
      fatAddrs.push(q);
    }
    if (difatCount < 1) break;
    difatCount--;
    difat = i32(s, ssz - 4)!;
  }
  const next = (j: number): number | undefined => {
    const fat = sector(fatAddrs[Math.floor((j * 4) / ssz)]!);
    return fat ? i32(fat, (j * 4) & (ssz - 1)) : undefined;
  };

  // the directory: its chain as make_sector_list follows it (stopping at a sector seen before)
  const dirStart = bytes.readInt32LE(48);
  if (!sector(dirStart)) return; // cfb throws on it
  const dirSectors: Buffer[] = [];
  const seen = new Set<number>();
  for (let j: number | undefined = dirStart; j !== undefined && j >= 0 && !seen.has(j); j = next(j)) {
    seen.add(j);
    const s = sector(j);
    if (s) dirSectors.push(s);
    else if (j >= count) break;
  }
  const dir = Buffer.concat(dirSectors);
  const n = Math.ceil(dir.length / 128);
  const L: number[] = [];
  const R: number[] = [];
  const C: number[] = [];
  const types: number[] = [];
  for (let e = 0; e < n; e++) {
    const at = e * 128;
    let type = dir[at + 66] ?? 0;
    L.push(i32(dir, at + 68) ?? -1);
    R.push(i32(dir, at + 72) ?? -1);
    C.push(i32(dir, at + 76) ?? -1);
    const start = i32(dir, at + 116) ?? 0;
    const size = i32(dir, at + 120) ?? 0;
    if (size < 0 && start < 0) type = 0; // cfb empties such an entry
    types.push(type);
    // a big stream starting outside the file: cfb follows its FAT chain without a loop check
    if (type !== 5 && size >= 4096 && !(start >= 0 && start < count) && start >= 0) {
      let steps = 0;
      for (let j: number | undefined = start; j !== undefined && j >= 0; j = sector(fatAddrs[Math.floor((j * 4) / ssz)]!) ? next(j) : undefined) {
        if (++steps > MAX_CHAIN) throw new CompoundFileError(`a stream's sector chain loops (directory entry ${e})`);
      }
    }
  }
  checkPaths(L, R, C, types);
}

/**
 * Replays build_full_paths (cfb.js) with budgets: its queue of sibling links, the fix-up pass, and
 * the walk up each entry's parents. A link to an entry that does not exist makes cfb throw when it
 * gets there (a TypeError its callers catch): nothing to guard past that point.
 */
function checkPaths(L: number[], R: number[], C: number[], types: number[]): void {
  const n = L.length;
  const valid = (x: number) => x === -1 || (Number.isInteger(x) && x >= 0 && x < n);
  const dad: number[] = Array.from({ length: n }, (_, i) => i);
  const q: number[] = Array.from({ length: n }, (_, i) => i);
  // the last place of each value in q, for cfb's q.lastIndexOf(x) < j
  const last = new Map<number, number>(q.map((v, i) => [v, i]));
  let search = 0;
  const lastIndexOf = (x: number) => {
    const at = last.get(x) ?? -1;
    search += q.length - Math.max(0, at); // cfb searches from the end back to it
    return at;
  };
  const push = (x: number) => {
    last.set(x, q.length);
    q.push(x);
    if (q.length > MAX_QUEUE || search > MAX_SEARCH) throw new CompoundFileError('the directory entries link to each other in a loop');
  };
  let l = -1;
  let r = -1;
  for (let j = 0; j < q.length; j++) {
    const i = q[j]!;
    l = L[i]!;
    r = R[i]!;
    const c = C[i]!;
    // cfb queues a sibling link to no entry and throws on it; a child link only sets dad[c]
    if (!valid(l) || !valid(r)) return;
    if (dad[i] === i) {
      if (l !== -1 && dad[l] !== l) dad[i] = dad[l]!;
      if (r !== -1 && dad[r] !== r) dad[i] = dad[r]!;
    }
    if (c !== -1 && valid(c)) dad[c] = i;
    if (l !== -1 && i !== dad[i]) {
      dad[l] = dad[i]!;
      if (lastIndexOf(l) < j) push(l);
    }
    if (r !== -1 && i !== dad[i]) {
      dad[r] = dad[i]!;
      if (lastIndexOf(r) < j) push(r);
    }
    if (search > MAX_SEARCH) throw new CompoundFileError('the directory entries link to each other in a loop');
  }
  // cfb's fix-up pass uses the last L and R of the loop above
  for (let i = 1; i < n; i++) {
    if (dad[i] !== i) continue;
    if (r !== -1 && dad[r] !== r) dad[i] = dad[r]!;
    else if (l !== -1 && dad[l] !== l) dad[i] = dad[l]!;
  }
  // the paths: each entry walks up its parents until the root, an entry done, or one that is its own parent
  let steps = 0;
  for (let i = 1; i < n; i++) {
    if (types[i] === 0) continue;
    let j = i;
    if (j !== dad[j]) {
      do {
        j = dad[j]!;
        if (++steps > MAX_PARENT_STEPS) throw new CompoundFileError('the directory entries name each other as parents in a loop');
      } while (j !== 0 && dad[j] !== -1 && j !== dad[j]);
    }
    dad[i] = -1;
  }
}
