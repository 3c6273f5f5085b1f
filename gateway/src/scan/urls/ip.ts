import { BlockList, isIP } from 'node:net';

interface IpRule {
  entry: string;
  test: BlockList;
}

/**
 * IPv4/IPv6 addresses and CIDR ranges from an ip list. IPv4 rules also match IPv4-mapped IPv6
 * addresses (::ffff:192.0.2.1), as node's BlockList does. Entries that are not addresses are skipped
 * (the policy loader reports them).
 */
export class IpMatcher {
  private readonly all = new BlockList();
  private readonly rules: IpRule[] = [];

  constructor(entries: Iterable<string>) {
    for (const entry of entries) {
      const rule = parseRule(entry);
      if (!rule) continue;
      const one = new BlockList();
      addTo(one, rule);
      addTo(this.all, rule);
      this.rules.push({ entry, test: one });
    }
  }

  get size(): number {
    return this.rules.length;
  }

  /** The list entry covering `address` (bare IPv4 or IPv6), or undefined. */
  match(address: string): string | undefined {
    const family = isIP(address);
    if (family === 0 || this.rules.length === 0) return undefined;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (!this.all.check(address, type)) return undefined;
    return this.rules.find((r) => r.test.check(address, type))?.entry;
  }
}

interface ParsedRule {
  address: string;
  family: 'ipv4' | 'ipv6';
  prefix?: number;
}

function parseRule(entry: string): ParsedRule | undefined {
  const value = entry.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  const slash = value.indexOf('/');
  const address = slash === -1 ? value : value.slice(0, slash);
  const fam = isIP(address);
  if (fam === 0) return undefined;
  const family = fam === 4 ? 'ipv4' : 'ipv6';
  if (slash === -1) return { address, family };
  const prefix = Number(value.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > (fam === 4 ? 32 : 128)) return undefined;
  return { address, family, prefix };
}

function addTo(list: BlockList, rule: ParsedRule): void {
  try {
    if (rule.prefix === undefined) list.addAddress(rule.address, rule.family);
    else list.addSubnet(rule.address, rule.prefix, rule.family);
  } catch {
    // an entry node refuses is no rule at all
  }
}
