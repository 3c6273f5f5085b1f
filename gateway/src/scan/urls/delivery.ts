import type { UrlRef } from '../../parse/types.js';
import type { Policy } from '../../policy/types.js';
import { DANGEROUS_EXTENSIONS } from '../attachments/names.js';
import { DomainSet, ipFamily } from './domains.js';

/**
 * Links that deliver malware without an attachment, the way current malspam does it once mail
 * filters strip programs: a link straight to a program, script, shortcut, disk image or archive
 * download (on a raw IP or free hosting: nobody's web site), and links that make Windows open a
 * remote share as if it were a local folder — `search-ms:` / `search:` queries, `file://` and
 * `\\host\share` paths to a WebDAV server (`host@SSL\DavWWWRoot`), protocol handlers that run a
 * tool (`ms-msdt:`, `ms-appinstaller:`, ...). What these report is only classified here; the
 * policy decides.
 */

/** Archives and disk images: what a download link carries the shortcut or script in. */
const CONTAINERS: Record<string, 'archive' | 'disk-image'> = {
  zip: 'archive', rar: 'archive', '7z': 'archive', gz: 'archive', tgz: 'archive', cab: 'archive', ace: 'archive',
  arj: 'archive', xz: 'archive', bz2: 'archive', lzh: 'archive', z: 'archive', uue: 'archive', r00: 'archive',
  iso: 'disk-image', img: 'disk-image', vhd: 'disk-image', vhdx: 'disk-image', udf: 'disk-image',
};

/** Query parameters that name the file a download script serves (download.php?file=HoaDon.zip). */
const FILE_PARAMS = new Set(['file', 'filename', 'fn', 'name', 'download', 'attachment', 'dl', 'f']);
const EXT_OF_NAME = /\.([a-z0-9]{1,10})$/i;

export interface DownloadedFile {
  /** The file name the link serves. */
  name: string;
  ext: string;
  /** 'runs-code' (program, script, shortcut: opening it runs something), 'disk-image' or 'archive'. */
  family: 'runs-code' | 'disk-image' | 'archive';
  /**
   * A program called with a query string (/scripts/shop.dll?item=1, /cgi-bin/x.exe?q=): on a web
   * site that is an ISAPI or CGI page the server runs, not a file the reader downloads.
   */
  endpoint?: true;
}

/**
 * Extensions that are also top-level domains: a path ending in 'foo@example.com' (a message id in a
 * list archive) or 'example.ws' names a site, not a file. Their programs are rare in downloads.
 */
const ALSO_TLDS = new Set(['com', 'ws', 'one', 'website']);

function classify(name: string): DownloadedFile | undefined {
  if (name.includes('@')) return undefined;
  const ext = EXT_OF_NAME.exec(name)?.[1]?.toLowerCase();
  if (!ext || ALSO_TLDS.has(ext) || name.length === ext.length + 1) return undefined;
  const container = CONTAINERS[ext];
  if (container) return { name, ext, family: container };
  if (DANGEROUS_EXTENSIONS.has(ext)) return { name, ext, family: 'runs-code' };
  return undefined;
}

function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The file a web link downloads, when its path (or a file-name parameter) ends in an extension
 * that runs code, mounts a disk or packs other files. Cloud storage writes folders into one
 * %2F-encoded segment (firebasestorage …/o/docs%2FHoaDon.zip): the name is the part after the last '/'.
 */
export function downloadedFile(ref: UrlRef): DownloadedFile | undefined {
  if (!/^(https?|ftp)$/.test(ref.scheme)) return undefined;
  let u: URL;
  try {
    u = new URL(ref.url);
  } catch {
    return undefined;
  }
  const last = decoded(u.pathname.slice(u.pathname.lastIndexOf('/') + 1));
  const name = last.slice(last.lastIndexOf('/') + 1).slice(0, 200);
  const byPath = classify(name.trim());
  if (byPath) return u.search !== '' && (byPath.ext === 'dll' || byPath.ext === 'exe') ? { ...byPath, endpoint: true } : byPath;
  let n = 0;
  for (const [key, value] of u.searchParams) {
    if ((n += 1) > 20) break;
    if (!FILE_PARAMS.has(key.toLowerCase()) || value.length > 200 || value.includes('/')) continue;
    const byParam = classify(value.trim());
    if (byParam) return byParam;
  }
  return undefined;
}

const ABUSED_HOSTING_LIST = 'abused_hosting';
const ABUSED_TLD_LIST = 'abused_tlds';
const sets = new WeakMap<Policy, { hosting: DomainSet; tlds: DomainSet }>();

function hostLists(policy: Policy): { hosting: DomainSet; tlds: DomainSet } {
  let s = sets.get(policy);
  if (!s) {
    s = {
      hosting: new DomainSet(policy.lists.get(ABUSED_HOSTING_LIST)?.entries ?? []),
      tlds: new DomainSet(policy.lists.get(ABUSED_TLD_LIST)?.entries ?? []),
    };
    sets.set(policy, s);
  }
  return s;
}

/**
 * File-sharing services that serve anyone's upload as a direct download, kept out of the policy's
 * abused-hosting list because people share photos and archives there every day: only a program,
 * script, shortcut or disk image downloaded straight from them counts (tag 'file-sharing').
 */
const FILE_SHARING = new DomainSet([
  'cdn.discordapp.com', 'media.discordapp.net', 'dl.dropboxusercontent.com', 'dropboxusercontent.com',
  'raw.githubusercontent.com', 'objects.githubusercontent.com', 'bitbucket.org', 'files.catbox.moe', 'litter.catbox.moe',
  'pixeldrain.com', 'tmpfiles.org', 'temp.sh', 'filebin.net', 'anonfiles.com', 'bashupload.com', 'oshi.at',
]);

/** Why the host serving a download is nobody's web site: a raw IP, free hosting, an abused TLD, file sharing. */
export function anonymousHostTags(host: string, policy: Policy, file?: DownloadedFile): string[] {
  if (ipFamily(host) !== 0) return ['ip-host'];
  const lists = hostLists(policy);
  const tags: string[] = [];
  if (file && file.family !== 'archive' && FILE_SHARING.match(host) !== undefined) tags.push('file-sharing');
  if (lists.hosting.match(host) !== undefined) tags.push('abused-hosting');
  if (lists.tlds.match(host) !== undefined) tags.push('abused-tld');
  return tags;
}

/**
 * Schemes whose handler makes Windows run a tool or show a remote folder as local (not web pages):
 * search-ms/search (Explorer search over a remote share), ms-msdt (Follina), ms-appinstaller (an
 * MSIX from the web), ms-officecmd, ms-its/its/mk (a help file's pages).
 */
export const WINDOWS_HANDLER_SCHEMES: ReadonlySet<string> = new Set([
  'search-ms', 'search', 'ms-msdt', 'ms-appinstaller', 'ms-officecmd', 'ms-its', 'its', 'mk', 'ms-cxh', 'ms-cxh-full',
]);

/** A WebDAV share written the Windows way: `host@SSL`, `host@8080`, `DavWWWRoot`. */
const WEBDAV = /@ssl\b|@\d{1,5}[\\/]|davwwwroot/i;

/**
 * Extra tags of a `file:`, UNC or Windows-handler link: 'webdav' when it names a WebDAV share,
 * 'runs-code' when the file it opens is a program, script or shortcut (or a disk image),
 * 'windows-handler' for the handler schemes above.
 */
export function windowsLinkTags(ref: UrlRef, scheme: string): string[] {
  const tags: string[] = [];
  const target = decoded(ref.raw.slice(0, 2048));
  if (WINDOWS_HANDLER_SCHEMES.has(scheme)) tags.push('windows-handler');
  else if (scheme !== 'file') return tags;
  if (WEBDAV.test(target)) tags.push('webdav');
  if (scheme === 'file') {
    const last = target.slice(Math.max(target.lastIndexOf('/'), target.lastIndexOf('\\')) + 1);
    const file = classify(last.split(/[?#]/)[0]!.trim());
    if (file && file.family !== 'archive') tags.push('runs-code', file.ext);
  }
  return tags;
}
