import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/**
 * Reading the deployment files (docker-compose.yml, Dockerfile, .dockerignore) the way Docker
 * reads them, as far as our tests need: there is no Docker engine on our CI machines, so the
 * files are checked by reading, not by running.
 */

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));

export const readRepoFile = (name: string): string => readFileSync(path.join(REPO_ROOT, name), 'utf8');

/**
 * Compose variable interpolation (compose-spec "Interpolation"): `$$` is a literal `$`; `${VAR}`
 * and `$VAR`; `${VAR:-default}` / `${VAR-default}`; `${VAR:?message}` / `${VAR?message}` stop with
 * the message when the variable is unset (`:` forms: or empty). What the .env file would give.
 */
export function interpolate(value: string, vars: Record<string, string | undefined>): string {
  return value.replace(/\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, dollar, name, colon, op, arg, bare) => {
    if (dollar) return '$';
    if (bare) return vars[bare] ?? '';
    const v = vars[name as string];
    const missing = v === undefined || (colon === ':' && v === '');
    if (op === '-') return missing ? (arg as string) : v!;
    if (op === '?') {
      if (missing) throw new Error(`required variable ${name as string} is missing a value: ${arg as string}`);
      return v!;
    }
    return v ?? '';
  });
}

function interpolateAll(node: unknown, vars: Record<string, string | undefined>): unknown {
  if (typeof node === 'string') return interpolate(node, vars);
  if (Array.isArray(node)) return node.map((n) => interpolateAll(n, vars));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateAll(v, vars)]));
  }
  return node;
}

export interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: Array<string | number | { target: number; published?: string | number; host_ip?: string }>;
  volumes?: Array<string | { type?: string; source?: string; target: string; read_only?: boolean }>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean; start_period?: string };
  [key: string]: unknown;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  [key: string]: unknown;
}

/** docker-compose.yml parsed (anchors resolved) and interpolated with the given .env values. */
export function loadCompose(vars: Record<string, string | undefined>, text = readRepoFile('docker-compose.yml')): ComposeFile {
  return interpolateAll(parse(text), vars) as ComposeFile;
}

/** A service's environment as strings, from either the map or the list form. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((e) => [e.split('=')[0]!, e.includes('=') ? e.slice(e.indexOf('=') + 1) : '']));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

export interface PortMapping {
  hostIp?: string;
  published?: string;
  target: number;
}

/** Short syntax `[[ip:]published:]target[/proto]` or the long form. */
export function portsOf(service: ComposeService): PortMapping[] {
  return (service.ports ?? []).map((p) => {
    if (typeof p === 'object') return { hostIp: p.host_ip, published: p.published === undefined ? undefined : String(p.published), target: Number(p.target) };
    const parts = String(p).replace(/\/(tcp|udp)$/, '').split(':');
    const target = Number(parts.pop());
    const published = parts.pop();
    const hostIp = parts.length ? parts.join(':').replace(/^\[|\]$/g, '') : undefined;
    return { hostIp, published, target };
  });
}

export interface VolumeMount {
  source?: string;
  target: string;
  readOnly: boolean;
}

/** Short syntax `source:target[:mode]` or the long form. */
export function volumesOf(service: ComposeService): VolumeMount[] {
  return (service.volumes ?? []).map((v) => {
    if (typeof v === 'object') return { source: v.source, target: v.target, readOnly: v.read_only === true };
    const [source, target, mode] = v.split(':');
    return target === undefined ? { target: source!, readOnly: false } : { source, target, readOnly: (mode ?? '').split(',').includes('ro') };
  });
}

export function dependsOn(service: ComposeService): Record<string, string> {
  const d = service.depends_on ?? {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(d).map(([name, v]) => [name, v?.condition ?? 'service_started']));
}

export interface DockerInstruction {
  keyword: string;
  args: string;
}

export interface DockerStage {
  from: string;
  name?: string;
  instructions: DockerInstruction[];
}

/**
 * A Dockerfile as stages of instructions: comment lines dropped (also inside continued lines, as
 * Docker does), backslash continuations joined, keywords upper-cased.
 */
export function dockerfileStages(text = readRepoFile('Dockerfile')): DockerStage[] {
  const logical: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line)) continue;
    if (/\\\s*$/.test(line)) {
      current += line.replace(/\\\s*$/, ' ');
      continue;
    }
    current += line;
    if (current.trim()) logical.push(current.trim());
    current = '';
  }
  if (current.trim()) logical.push(current.trim());

  const stages: DockerStage[] = [];
  for (const l of logical) {
    const m = /^(\S+)\s*(.*)$/s.exec(l)!;
    const keyword = m[1]!.toUpperCase();
    const args = m[2]!.replace(/\s+/g, ' ').trim();
    if (keyword === 'FROM') {
      const f = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args)!;
      stages.push({ from: f[1]!, name: f[2], instructions: [] });
    } else if (stages.length) {
      stages.at(-1)!.instructions.push({ keyword, args });
    } else {
      stages.push({ from: '', instructions: [{ keyword, args }] }); // ARG before the first FROM
    }
  }
  return stages;
}

/** The exec form (JSON array) of CMD, ENTRYPOINT or HEALTHCHECK … CMD; undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  const json = args.slice(args.indexOf('['));
  if (!args.includes('[')) return undefined;
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) && v.every((s) => typeof s === 'string') ? v : undefined;
  } catch {
    return undefined;
  }
}

/** .dockerignore patterns, comments and blank lines dropped. */
export function dockerignorePatterns(text = readRepoFile('.dockerignore')): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/**
 * Whether a context path is left out by one of the patterns. Enough of Docker's matching for our
 * file: `**` is any number of directories, `*` anything within one name, a pattern also leaves
 * out everything under a matching directory, and `!` brings a path back.
 */
export function isDockerIgnored(file: string, patterns: string[]): boolean {
  let ignored = false;
  for (const raw of patterns) {
    const negate = raw.startsWith('!');
    const pattern = path.posix.normalize((negate ? raw.slice(1) : raw).replace(/^\/+/, ''));
    const segs = pattern.split('/');
    const body = segs
      .map((seg, i) => {
        if (seg === '**') return i === segs.length - 1 ? '.*' : '(?:[^/]+/)*';
        const glob = seg.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
        return i === segs.length - 1 ? glob : glob + '/';
      })
      .join('');
    const re = new RegExp(`^${body}(?:/.*)?$`);
    if (re.test(path.posix.normalize(file))) ignored = !negate;
  }
  return ignored;
}
