import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A Debian package the tests need, and the file that shows it is installed. */
export interface DebianNeed {
  pkg: string;
  file: string;
}

/** What the suite needs from Debian. Installed once, before any test runs (test/global-setup.ts). */
export const TEST_PACKAGES: DebianNeed[] = [
  { pkg: 'clamav-daemon', file: '/usr/sbin/clamd' },
  { pkg: 'swaks', file: '/usr/bin/swaks' },
  { pkg: 'chromium', file: '/usr/bin/chromium' },
  // smtp-sink and smtp-source (the bench's sink and load generator; the postfix service is not used)
  { pkg: 'postfix', file: '/usr/sbin/smtp-sink' },
  // encrypted zips for the password tests: ZipCrypto (zip -P) and WinZip AES (7z -mem=AES256)
  { pkg: 'zip', file: '/usr/bin/zip' },
  { pkg: 'p7zip-full', file: '/usr/bin/7z' },
  // winmail.dat: the reference reader the TNEF tests check our streams against
  { pkg: 'tnef', file: '/usr/bin/tnef' },
  // bz2, xz, lzma and zst attachments for the single-stream tests (not in Debian's minimal images)
  { pkg: 'bzip2', file: '/usr/bin/bzip2' },
  { pkg: 'xz-utils', file: '/usr/bin/xz' },
  { pkg: 'zstd', file: '/usr/bin/zstd' },
  // lzip and LZ4 attachments: the gateway decompresses them with these tools (tool-streams.ts), the tests make them with them
  { pkg: 'lzip', file: '/usr/bin/lzip' },
  { pkg: 'lz4', file: '/usr/bin/lz4' },
  // password-encrypted Office documents: the reference decryptor our test-only encryptor is checked against
  { pkg: 'python3-msoffcrypto-tool', file: '/usr/bin/msoffcrypto-tool' },
  // password-encrypted PDFs (RC4, AES-128, AES-256 R6) written by another program than our fixture builder
  { pkg: 'qpdf', file: '/usr/bin/qpdf' },
  // disk images written by the real tools for the disk-image walk (disk-images.test.ts): ISO 9660,
  // Joliet and UDF (genisoimage), FAT (mkfs.fat, mtools' mcopy), VHD and VHDX (qemu-img)
  { pkg: 'genisoimage', file: '/usr/bin/genisoimage' },
  { pkg: 'dosfstools', file: '/usr/sbin/mkfs.fat' },
  { pkg: 'mtools', file: '/usr/bin/mcopy' },
  { pkg: 'qemu-utils', file: '/usr/bin/qemu-img' },
  // OCR of pictures (scan/ocr): Debian's tesseract with its Vietnamese and English data
  { pkg: 'tesseract-ocr', file: '/usr/bin/tesseract' },
  { pkg: 'tesseract-ocr-vie', file: '/usr/share/tesseract-ocr/5/tessdata/vie.traineddata' },
  { pkg: 'tesseract-ocr-eng', file: '/usr/share/tesseract-ocr/5/tessdata/eng.traineddata' },
  // MBR and GPT partition tables on raw disk images (sfdisk) for the partitioned-disk walk (disk-partitions.test.ts)
  { pkg: 'fdisk', file: '/usr/sbin/sfdisk' },
  // Windows shortcuts: the reference reader our .lnk builder is checked against (shell-links.test.ts)
  { pkg: 'liblnk-utils', file: '/usr/bin/lnkinfo' },
];

let updated = false;

/**
 * Installs the missing packages with one `apt-get update` and one `apt-get install` (as root), so
 * test files never race each other for dpkg's lock; apt waits for a lock held by anyone else.
 */
export function ensureDebianPackages(needs: DebianNeed[]): void {
  const missing = needs.filter((n) => !existsSync(n.file));
  if (!missing.length) return;
  const names = missing.map((n) => n.pkg);
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages and not running as root: apt-get install -y ${names.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args: string[]) => {
    const r = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], { env, stdio: 'inherit', timeout: 900_000 });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (status ${r.status})`);
  };
  if (!updated) {
    run(['update']);
    updated = true;
  }
  run(['install', '-y', '--no-install-recommends', ...names]);
  const still = missing.filter((n) => !existsSync(n.file));
  if (still.length) throw new Error(`installed ${names.join(' ')} but ${still.map((n) => n.file).join(', ')} is missing`);
}
