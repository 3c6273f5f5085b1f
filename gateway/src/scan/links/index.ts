import type { ParsedMessage } from '../../parse/types.js';
import type { Policy } from '../../policy/types.js';
import type { Finding, ScanContext, Scanner } from '../types.js';
import { collectUrls } from '../urls/index.js';
import { canonicalHost, DomainSet, ipFamily } from '../urls/domains.js';

/**
 * Where links go, summed up per message (one finding per kind, so a policy's min_count counts
 * different signals, not a newsletter's hundred images):
 *  - url.abused-hosting: links to free hosting commonly abused for fake pages and scam images
 *    (the policy list 'abused_hosting'); tags: the services ('imgur.com', 'run.app').
 *    The URL scanner also reports each such host as url.listed (list abused_hosting).
 *  - url.server-host: a host that is a server's generic name made from its IP address
 *    ("ec2-192-0-2-7.compute.example", "192.0.2.7.host.example"): a rented machine, not a web site.
 */

/** Conventional name of the abused-hosting list in the policy (type domain). */
export const ABUSED_HOSTING_LIST = 'abused_hosting';
/** Services named in the tags, at most. */
const MAX_TAGS = 10;

/** Four numbers 0–255 joined by '.' or '-', on label edges. */
const IP_IN_NAME =
  /(?:^|[.-])((?:25[0-5]|2[0-4]\d|1?\d?\d)[.-](?:25[0-5]|2[0-4]\d|1?\d?\d)[.-](?:25[0-5]|2[0-4]\d|1?\d?\d)[.-](?:25[0-5]|2[0-4]\d|1?\d?\d))(?:[.-]|$)/;

/** True when the host is a name (not an IP) that spells out an IPv4 address. */
export function isServerHost(host: string): boolean {
  if (host === '' || ipFamily(host) !== 0) return false;
  return IP_IN_NAME.test(host);
}

const cache = new WeakMap<Policy, DomainSet>();

/** The policy's abused-hosting list as a domain set, built once per Policy object. */
export function abusedHosting(policy: Policy): DomainSet {
  let d = cache.get(policy);
  if (!d) {
    d = new DomainSet(policy.lists.get(ABUSED_HOSTING_LIST)?.entries ?? []);
    cache.set(policy, d);
  }
  return d;
}

function short(url: string): string {
  return url.length > 200 ? `${url.slice(0, 200)}…` : url;
}

export function scanLinks(message: ParsedMessage, ctx: ScanContext): Finding[] {
  const abused = abusedHosting(ctx.policy);
  const hostsDone = new Set<string>();
  const services = new Set<string>();
  let abusedCount = 0;
  let abusedFirst: string | undefined;
  let serverCount = 0;
  let serverFirst: { host: string; url: string } | undefined;
  for (const u of collectUrls(message, ctx.limits.maxUrls)) {
    const host = canonicalHost(u.host || '');
    if (host === '' || hostsDone.has(host)) continue;
    hostsDone.add(host);
    const service = abused.match(host);
    if (service !== undefined) {
      abusedCount++;
      abusedFirst ??= u.url;
      if (services.size < MAX_TAGS) services.add(service);
    }
    if (isServerHost(host)) {
      serverCount++;
      serverFirst ??= { host, url: u.url };
    }
  }
  const findings: Finding[] = [];
  if (abusedFirst !== undefined) {
    findings.push({
      scanner: 'urls',
      kind: 'url.abused-hosting',
      detail: `${abusedCount} link host${abusedCount > 1 ? 's' : ''} on free hosting commonly abused (${[...services].join(', ')})`,
      subject: short(abusedFirst),
      tags: [...services],
    });
  }
  if (serverFirst) {
    findings.push({
      scanner: 'urls',
      kind: 'url.server-host',
      detail: `link to ${serverFirst.host}, a server named after its IP address${serverCount > 1 ? ` (and ${serverCount - 1} more such hosts)` : ''}`,
      subject: short(serverFirst.url),
      tags: [serverFirst.host],
    });
  }
  return findings;
}

export const linksScanner: Scanner = {
  name: 'urls',
  async scan(message, ctx) {
    try {
      return scanLinks(message, ctx);
    } catch (err) {
      ctx.log.error({ evt: 'scan.links.error', err }, 'links scanner failed');
      return [{ scanner: 'urls', kind: 'scanner.error', detail: `links: ${(err as Error)?.message ?? String(err)}`, subject: 'links' }];
    }
  },
};
