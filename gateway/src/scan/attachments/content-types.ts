import { X509Certificate } from 'node:crypto';
import type { TrueType } from '../../parse/types.js';
import type { Observation } from './checks.js';

/**
 * Dangerous types told by their content when magic bytes say nothing (or only "xml"/"zip"): Apple
 * configuration profiles (a plist, or a signed CMS wrapping one), Windows App Installer files,
 * packages that are apps (Android APK, iOS IPA, MSIX/AppX, a macOS .app bundle zipped), declared
 * MIME types that name an installable type, the target of an internet shortcut, and certificates
 * of a certification authority (installing one lets its owner impersonate any site).
 */

/** Bytes of a text-like file read to find a profile's keys (a profile carries certificates as base64). */
export const CONTENT_SNIFF_BYTES = 1024 * 1024;

export const APPLE_PROFILE: TrueType = { ext: 'mobileconfig', mime: 'application/x-apple-aspen-config' };
const APP_INSTALLER: TrueType = { ext: 'appinstaller', mime: 'application/appinstaller' };

/** CMS SignedData's OID (1.2.840.113549.1.7.2) as DER bytes: a signed profile starts with it. */
const SIGNED_DATA_OID = Buffer.from('06092a864886f70d010702', 'hex');

/**
 * Could the head be a file whose type only its content tells (checked further by contentType)?
 * Cheap: a plist, a CMS SignedData, or XML text.
 */
export function mayHaveContentType(head: Buffer): boolean {
  const start = head.subarray(0, 512).toString('latin1');
  if (start.startsWith('bplist00') || /<\?xml|<plist|<AppInstaller/i.test(start)) return true;
  return head[0] === 0x30 && head.subarray(0, 64).includes(SIGNED_DATA_OID);
}

/**
 * The type content tells: an Apple configuration profile (XML or binary plist, signed or not: the
 * signed form carries the plist in clear inside the CMS) with the keys every profile has
 * (PayloadType, PayloadUUID, and PayloadContent or PayloadIdentifier), or an App Installer file.
 */
export function contentType(bytes: Buffer): TrueType | undefined {
  const text = bytes.toString('latin1');
  const plist = text.startsWith('bplist00') || text.includes('<plist') || text.includes('bplist00');
  if (plist && text.includes('PayloadType') && text.includes('PayloadUUID') && (text.includes('PayloadContent') || text.includes('PayloadIdentifier'))) {
    return APPLE_PROFILE;
  }
  const root = text.indexOf('<AppInstaller');
  if (root !== -1 && text.slice(root, root + 1024).includes('schemas.microsoft.com/appx/appinstaller')) return APP_INSTALLER;
  return undefined;
}

/** Declared MIME types of installable or self-running types: what iOS Mail, Android or a browser act on. */
const DANGEROUS_MIME: ReadonlyMap<string, string> = new Map([
  ['application/x-apple-aspen-config', 'mobileconfig'],
  ['application/vnd.android.package-archive', 'apk'],
  ['application/x-ms-application', 'application'],
  ['application/x-ms-installer', 'msi'],
  ['application/x-msi', 'msi'],
  ['application/x-msdownload', 'exe'],
  ['application/x-msdos-program', 'exe'],
  ['application/x-ms-shortcut', 'lnk'],
  ['application/hta', 'hta'],
  ['application/x-java-jnlp-file', 'jnlp'],
  ['application/java-archive', 'jar'],
  ['application/appinstaller', 'appinstaller'],
  ['application/msix', 'msix'],
  ['application/msixbundle', 'msixbundle'],
  ['application/appx', 'appx'],
  ['application/appxbundle', 'appxbundle'],
  ['application/x-itunes-ipa', 'ipa'],
  ['application/x-apple-diskimage', 'dmg'],
]);

/** The dangerous extension a declared MIME type stands for (parameters ignored), if any. */
export function dangerousMime(declared: string): string | undefined {
  return DANGEROUS_MIME.get(declared.split(';')[0]!.trim().toLowerCase());
}

/** Zip entries that make a zip an app package; the extension it is then, with what shows it. */
export function zipPackage(entryNames: readonly string[]): { ext: string; detail: string } | undefined {
  const names = new Set(entryNames);
  if (names.has('AndroidManifest.xml') && entryNames.some((n) => /^classes\d*\.dex$/.test(n))) {
    return { ext: 'apk', detail: 'zip is an Android app (AndroidManifest.xml, classes.dex)' };
  }
  if (names.has('AppxManifest.xml') || names.has('AppxBlockMap.xml') || names.has('AppxMetadata/AppxBundleManifest.xml')) {
    return { ext: 'msix', detail: 'zip is a Windows app package (MSIX/AppX manifest)' };
  }
  if (entryNames.some((n) => /^Payload\/[^/]+\.app\/./.test(n))) return { ext: 'ipa', detail: 'zip is an iOS app (Payload/….app)' };
  const app = macAppBundle(entryNames);
  if (app) return { ext: 'app', detail: `zip holds a macOS app bundle (${app})` };
  // XAPK/APKS/APKM: split Android apps, the .apk files themselves walked as members
  if (names.has('manifest.json') && entryNames.some((n) => /\.apk$/i.test(n))) return { ext: 'xapk', detail: 'zip is an Android app bundle (manifest.json and .apk files)' };
  return undefined;
}

/**
 * The first macOS app bundle among an archive's or a disk image's entry names (zip, tar, 7z, rar,
 * ISO, DMG...): a folder "X.app" holding Contents/MacOS/… or Contents/Info.plist, or a folder of
 * another name laid out as one (Contents/Info.plist beside Contents/MacOS/…). Its path (at most 80
 * characters), or undefined. (Backslash separators read as '/'.)
 */
export function macAppBundle(entryNames: readonly string[]): string | undefined {
  const names = entryNames.map((n) => n.replace(/\\/g, '/'));
  const app = names.find((n) => /(^|\/)[^/]+\.app\/Contents\/(MacOS\/.|Info\.plist$)/i.test(n));
  if (app) return app.slice(0, app.toLowerCase().indexOf('.app/') + 4).slice(0, 80);
  const plists = new Set(names.flatMap((n) => /^(.*[^/])\/Contents\/Info\.plist$/.exec(n)?.[1] ?? []));
  const bundle = names.map((n) => /^(.*[^/])\/Contents\/MacOS\/[^/]/.exec(n)?.[1]).find((b) => b !== undefined && plists.has(b));
  return bundle?.slice(0, 80);
}

/** Internet shortcut extensions whose target is read. */
export const SHORTCUT_EXTS: ReadonlySet<string> = new Set(['url', 'website']);

/**
 * An internet shortcut's target (URL= in [InternetShortcut]): tags for a target that opens a file
 * on a share or over WebDAV, or runs a Windows search (CVE-2024-21412, CVE-2023-36884 chains), or
 * loads its icon from a share (leaks the Windows password hash). Undefined when not a shortcut.
 */
export function shortcutTargetTags(bytes: Buffer): string[] | undefined {
  const text = bytes.subarray(0, 64 * 1024).toString('utf8');
  if (!/\[InternetShortcut\]/i.test(text)) return undefined;
  const tags = new Set<string>();
  for (const m of text.matchAll(/^[ \t]*(URL|IconFile)[ \t]*=[ \t]*(\S[^\r\n]*)$/gim)) {
    const key = m[1]!.toLowerCase();
    const target = m[2]!.trim().toLowerCase();
    if (key === 'url') {
      const scheme = /^([a-z][a-z0-9+.-]*):/.exec(target)?.[1];
      if (scheme === 'file' || target.startsWith('\\\\')) tags.add('file-target');
      if (/@ssl\b|davwwwroot|^\\\\[^\\]+@\d+/.test(target) || scheme === 'webdav' || scheme === 'davs') tags.add('webdav');
      if (scheme && /^(search-ms|search|ms-search|ms-msdt|ms-appinstaller|mhtml|ms-officecmd|ms-excel|ms-word|ms-powerpoint)$/.test(scheme)) tags.add(scheme);
    } else if (target.startsWith('\\\\') || target.startsWith('file:')) {
      tags.add('remote-icon');
    }
  }
  return [...tags];
}

/** Extensions of certificate files Windows offers to install with a double-click. */
export const CERTIFICATE_EXTS: ReadonlySet<string> = new Set(['cer', 'crt', 'der', 'pem', 'cert']);
export const CERTIFICATE_MAX_BYTES = 64 * 1024;

/**
 * A certificate file that is a certification authority's (basic constraints CA): installing it as
 * a root lets its owner impersonate any site and sign programs. A person's or a server's
 * certificate (no CA) is harmless and not reported. Tags: the extension, ca, self-signed when it
 * is a root (issuer = subject).
 */
export function certificateObservation(ext: string, bytes: Buffer): Observation | undefined {
  if (bytes.length > CERTIFICATE_MAX_BYTES) return undefined;
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(bytes);
  } catch {
    return undefined;
  }
  if (!cert.ca) return undefined;
  const root = cert.issuer === cert.subject;
  const subject = cert.subject.replace(/\n/g, ', ').slice(0, 160);
  return {
    kind: 'attachment.certificate',
    detail: `${root ? 'root ' : ''}certificate of a certification authority (${subject})`,
    tags: [ext, 'ca', ...(root ? ['self-signed'] : [])],
  };
}
