import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GATEWAY_NODE_FLAGS } from '../../src/cli/node-flags.js';
import { loadConfig } from '../../src/config/index.js';
import { isGatewayEnvVar } from '../../src/config/variables.js';
import { loadPolicy } from '../../src/policy/loader.js';
import {
  REPO_ROOT,
  dependsOn,
  dockerfileStages,
  dockerignorePatterns,
  environmentOf,
  execForm,
  interpolate,
  isDockerIgnored,
  loadCompose,
  portsOf,
  readRepoFile,
  volumesOf,
  type ComposeFile,
} from '../support/deploy.js';

/**
 * docker-compose.yml and the Dockerfile, checked by reading: our CI machines have no Docker
 * engine. What is checked is what a wrong value would break silently in production — a variable
 * the gateway does not know, a service name or port that does not match, a writable policy mount,
 * a root process, a gateway started differently from `npm start`.
 */

/** What an operator's .env holds (docker-compose.yml requires these two). */
const DOT_ENV = { LACHAN_SECRET: 'c0ffee'.repeat(10) + 'c0ff', POSTGRES_PASSWORD: '5eed'.repeat(6) };

/** The port each image's server listens on inside its container, from the images' documentation. */
const IMAGE_PORTS: Record<string, number> = {
  'clamav/clamav': 3310, // clamd (TCPSocket 3310 in the image's clamd.conf)
  postgres: 5432,
  redis: 6379,
  'axllent/mailpit': 1025, // SMTP; 8025 is the web UI
};

const imageName = (image = '') => image.replace(/^docker\.io\//, '').replace(/^library\//, '').split(/[:@]/)[0]!;

const compose = (): ComposeFile => loadCompose(DOT_ENV);
const gatewayEnv = () => environmentOf(compose().services.gateway!);

/** clamd.conf sizes: a number with an optional K or M suffix (kilobytes, megabytes). */
function clamdSize(v: string): number {
  const m = /^(\d+)([kKmM]?)$/.exec(v.trim());
  if (!m) throw new Error(`not a clamd size: ${v}`);
  return Number(m[1]) * (m[2] ? (m[2].toLowerCase() === 'k' ? 1024 : 1024 * 1024) : 1);
}

describe('docker-compose.yml', () => {
  it('has the five services: gateway, PostgreSQL, Redis, ClamAV and a downstream sink', () => {
    const { services } = compose();
    expect(Object.keys(services).sort()).toEqual(['clamav', 'gateway', 'postgres', 'redis', 'sink']);
    expect(services.gateway!.build).toBeDefined();
    expect(imageName(services.postgres!.image)).toBe('postgres');
    expect(services.postgres!.image).toMatch(/:1[56](?:[.-]|$)/);
    expect(imageName(services.redis!.image)).toBe('redis');
    expect(services.redis!.image).toMatch(/:7(?:[.-]|$)/);
    expect(imageName(services.clamav!.image)).toBe('clamav/clamav');
    expect(imageName(services.sink!.image)).toBe('axllent/mailpit');
  });

  it('sets for the gateway only variables the gateway reads', () => {
    const unknown = Object.keys(gatewayEnv()).filter((k) => !isGatewayEnvVar(k));
    expect(unknown).toEqual([]);
  });

  it('gives loadConfig an environment it accepts as given, placeholders included', () => {
    const config = loadConfig(gatewayEnv());
    expect(config.smtp.host).toBe('0.0.0.0');
    expect(config.extraLocalDomains.length).toBeGreaterThan(0);
    expect(config.databaseUrl).toMatch(/^postgres:\/\//);
  });

  it('gives a policy the placeholder local domains can join', async () => {
    const config = loadConfig(gatewayEnv());
    const policy = await loadPolicy(path.join(REPO_ROOT, 'policies'), { extraLocalDomains: config.extraLocalDomains });
    for (const d of config.extraLocalDomains) expect(policy.localDomains).toContain(d);
  });

  it('holds no secret: it will not start without LACHAN_SECRET and POSTGRES_PASSWORD from .env', () => {
    expect(() => loadCompose({ POSTGRES_PASSWORD: DOT_ENV.POSTGRES_PASSWORD })).toThrow(/LACHAN_SECRET/);
    expect(() => loadCompose({ LACHAN_SECRET: DOT_ENV.LACHAN_SECRET })).toThrow(/POSTGRES_PASSWORD/);
    expect(() => loadCompose({ ...DOT_ENV, LACHAN_SECRET: '' })).toThrow(/LACHAN_SECRET/);
    expect(gatewayEnv().LACHAN_SECRET).toBe(DOT_ENV.LACHAN_SECRET);
  });

  it('points LACHAN_CLAMD, LACHAN_DOWNSTREAM, LACHAN_DATABASE_URL and LACHAN_REDIS_URL at its services, on their ports', () => {
    const { services } = compose();
    const env = gatewayEnv();
    const target = (variable: string) => {
      const u = new URL(env[variable]!);
      const service = services[u.hostname];
      expect(service, `${variable}: no service named ${u.hostname}`).toBeDefined();
      expect(Number(u.port), `${variable}: port of ${u.hostname}`).toBe(IMAGE_PORTS[imageName(service!.image)]);
      return { url: u, service: service! };
    };
    expect(target('LACHAN_CLAMD').url.protocol).toBe('tcp:');
    expect(target('LACHAN_DOWNSTREAM').url.hostname).toBe('sink');
    expect(target('LACHAN_REDIS_URL').url.hostname).toBe('redis');
    const db = target('LACHAN_DATABASE_URL');
    const pg = environmentOf(db.service);
    expect(db.url.hostname).toBe('postgres');
    expect(decodeURIComponent(db.url.username)).toBe(pg.POSTGRES_USER);
    expect(decodeURIComponent(db.url.password)).toBe(pg.POSTGRES_PASSWORD);
    expect(db.url.pathname).toBe(`/${pg.POSTGRES_DB}`);
  });

  it('lets .env choose the downstream and the local domains without editing the file', () => {
    const env = environmentOf(
      loadCompose({ ...DOT_ENV, LACHAN_DOWNSTREAM: 'smtp://mail.tinh.gov.vn:25', LACHAN_LOCAL_DOMAINS: 'tinh.gov.vn,*.tinh.gov.vn' }).services.gateway!,
    );
    expect(env.LACHAN_DOWNSTREAM).toBe('smtp://mail.tinh.gov.vn:25');
    expect(loadConfig(env).extraLocalDomains).toEqual(['tinh.gov.vn', '*.tinh.gov.vn']);
  });

  it('has the gateway listen on every address in its container and publishes that port for SMTP', () => {
    const config = loadConfig(gatewayEnv());
    const ports = portsOf(compose().services.gateway!);
    expect(ports).toContainEqual({ hostIp: undefined, published: '25', target: config.smtp.port });
    const final = dockerfileStages().at(-1)!;
    const exposed = final.instructions.filter((i) => i.keyword === 'EXPOSE').flatMap((i) => i.args.split(' '));
    expect(exposed.map((p) => Number(p.replace(/\/tcp$/, '')))).toContain(config.smtp.port);
  });

  it('publishes nothing else to the network: the sink web UI on 127.0.0.1 only, PostgreSQL, Redis and clamd not at all', () => {
    const { services } = compose();
    for (const name of ['postgres', 'redis', 'clamav']) expect(portsOf(services[name]!), name).toEqual([]);
    const sink = portsOf(services.sink!);
    expect(sink).toEqual([{ hostIp: '127.0.0.1', published: '8025', target: 8025 }]);
    expect(portsOf(services.gateway!).map((p) => p.target)).toEqual([loadConfig(gatewayEnv()).smtp.port]);
  });

  it('mounts the policy directory read-only where LACHAN_POLICY_DIR points, and the data directory on a named volume', () => {
    const c = compose();
    const env = gatewayEnv();
    const mounts = volumesOf(c.services.gateway!);
    const policy = mounts.find((m) => m.target === env.LACHAN_POLICY_DIR);
    expect(policy).toEqual({ source: './policies', target: env.LACHAN_POLICY_DIR, readOnly: true });
    const data = mounts.find((m) => m.target === env.LACHAN_DATA_DIR);
    expect(data?.readOnly).toBe(false);
    expect(Object.keys(c.volumes ?? {})).toContain(data?.source);
  });

  it('declares every named volume its services use', () => {
    const c = compose();
    const named = Object.values(c.services)
      .flatMap(volumesOf)
      .map((m) => m.source)
      .filter((s): s is string => s !== undefined && !/^[./~]/.test(s));
    for (const v of named) expect(Object.keys(c.volumes ?? {})).toContain(v);
  });

  it('starts the gateway after PostgreSQL and Redis are healthy, and every awaited health has a check', () => {
    const { services } = compose();
    const deps = dependsOn(services.gateway!);
    expect(deps.postgres).toBe('service_healthy');
    expect(deps.redis).toBe('service_healthy');
    for (const [name, condition] of Object.entries(deps)) {
      expect(services[name], `depends on ${name}`).toBeDefined();
      if (condition === 'service_healthy') expect(services[name]!.healthcheck?.test, `${name} health check`).toBeDefined();
    }
    // freshclam's first download takes minutes: clamd's check must allow for it
    expect(services.clamav!.healthcheck?.start_period).toMatch(/^([5-9]|[1-9]\d+)m/);
  });

  it('lets clamd take streams as large as the largest message the gateway accepts', () => {
    const clamav = environmentOf(compose().services.clamav!);
    expect(clamav.CLAMD_CONF_StreamMaxLength).toBeDefined();
    expect(clamdSize(clamav.CLAMD_CONF_StreamMaxLength!)).toBeGreaterThanOrEqual(loadConfig(gatewayEnv()).smtp.maxMessageBytes);
  });

  it('starts the gateway with the image command, or one carrying the same V8 flags', () => {
    const command = compose().services.gateway!.command;
    if (command !== undefined) {
      const argv = Array.isArray(command) ? command : command.split(/\s+/);
      expect(argv).toEqual(['node', ...GATEWAY_NODE_FLAGS, 'gateway/dist/cli/main.js', 'start']);
    }
    expect(compose().services.gateway!.entrypoint).toBeUndefined();
  });
});

describe('compose variable interpolation (as the checks above read the file)', () => {
  it('reads defaults, required values and escaped dollars', () => {
    expect(interpolate('${A:-x}/${B-y}/$$C/${D}', { B: '', D: 'd' })).toBe('x//$C/d');
    expect(() => interpolate('${A:?give A}', { A: '' })).toThrow(/A is missing a value: give A/);
    expect(interpolate('${A?give A}', { A: '' })).toBe('');
  });
});

describe('Dockerfile', () => {
  const stages = dockerfileStages();
  const final = stages.at(-1)!;
  const build = stages.find((s) => s.name === 'build');
  const runs = (stage: typeof final) => stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);

  it('builds on Node 20 and Debian bookworm-slim in two stages', () => {
    expect(build).toBeDefined();
    expect(stages.filter((s) => s.from).map((s) => s.from)).toEqual(['node:20-bookworm-slim', 'node:20-bookworm-slim']);
  });

  it('installs with npm ci and builds in the build stage, with what better-sqlite3 needs to compile', () => {
    const cmds = runs(build!).join(' && ');
    expect(cmds).toMatch(/\bnpm ci\b/);
    expect(cmds).toMatch(/\bnpm run build\b/);
    expect(cmds).toMatch(/apt-get install [^&]*\bpython3\b[^&]*\bmake\b[^&]*\bg\+\+/);
  });

  it('keeps only production dependencies in the final stage', () => {
    expect(runs(build!).join(' && ')).toMatch(/\bnpm prune --omit=dev\b/);
    const copies = final.instructions.filter((i) => i.keyword === 'COPY');
    expect(copies.some((c) => /--from=build\s+\/app\/node_modules\b/.test(c.args))).toBe(true);
    expect(runs(final).join(' ')).not.toMatch(/\bnpm (ci|install)\b(?!.*--omit=dev)/);
  });

  it('starts the gateway exactly as npm start does', () => {
    const cmd = final.instructions.filter((i) => i.keyword === 'CMD').at(-1);
    expect(cmd).toBeDefined();
    const argv = execForm(cmd!.args);
    expect(argv).toEqual(['node', ...GATEWAY_NODE_FLAGS, 'gateway/dist/cli/main.js', 'start']);
    const start = (JSON.parse(readRepoFile('package.json')) as { scripts: Record<string, string> }).scripts.start!;
    expect(argv!.join(' ')).toBe(start);
    expect(final.instructions.some((i) => i.keyword === 'ENTRYPOINT')).toBe(false);
  });

  it('runs the final stage as a user other than root', () => {
    const users = final.instructions.filter((i) => i.keyword === 'USER').map((i) => i.args.split(':')[0]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users.at(-1));
  });

  it('checks health with the built health-check script', () => {
    const hc = final.instructions.find((i) => i.keyword === 'HEALTHCHECK');
    const argv = execForm(hc?.args ?? '');
    expect(argv?.[0]).toBe('node');
    const script = argv![1]!;
    const m = /^\/app\/gateway\/dist\/(.+)\.js$/.exec(script);
    expect(m, script).not.toBeNull();
    expect(existsSync(path.join(REPO_ROOT, 'gateway', 'src', `${m![1]}.ts`))).toBe(true);
  });

  it('copies only files that exist and that .dockerignore lets into the build context', () => {
    const patterns = dockerignorePatterns();
    const sources = stages
      .flatMap((s) => s.instructions)
      .filter((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && !/--from=/.test(i.args))
      .flatMap((i) => i.args.split(' ').filter((a) => !a.startsWith('--')).slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources) {
      expect(existsSync(path.join(REPO_ROOT, src)), src).toBe(true);
      expect(isDockerIgnored(src, patterns), src).toBe(false);
    }
  });

  it('leaves node_modules, data, dist, .git and .env out of the build context', () => {
    const patterns = dockerignorePatterns();
    for (const p of ['node_modules', 'gateway/node_modules/x', 'data/lachan.sqlite', 'gateway/dist/cli/main.js', '.git/HEAD', '.env']) {
      expect(isDockerIgnored(p, patterns), p).toBe(true);
    }
    expect(isDockerIgnored('gateway/src/app.ts', patterns)).toBe(false);
    expect(isDockerIgnored('policies/policy.yaml', patterns)).toBe(false);
  });
});
