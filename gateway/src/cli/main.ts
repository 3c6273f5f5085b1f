#!/usr/bin/env -S node --max-semi-space-size=8
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/index.js';
import { LachanError } from '../errors.js';
import { QUARANTINE_USAGE } from './quarantine-usage.js';

const USAGE = `Lá Chắn — cổng an ninh thư điện tử / email security gateway

  lachan start                                 chạy cổng (SMTP, quản trị) / run the gateway
  lachan scan FILE... [--json] [--policy-dir DIR]
                                               phán quyết cho từng thư, không gửi đi / verdict per file, nothing sent
  lachan policy check [DIR]                    kiểm tra chính sách / validate a policy directory
${QUARANTINE_USAGE}  lachan trace [REF] [--from ADDR] [--to ADDR] [--message-id ID] [--action A] [--category C]
              [--since DATE] [--until DATE] [--limit N] [--json]
                                               tra cứu thư đã qua cổng / trace messages through the gateway
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start': {
      const { runStart } = await import('./start.js');
      return runStart(loadConfig());
    }
    case 'scan': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { json: { type: 'boolean', default: false }, 'policy-dir': { type: 'string' } },
      });
      if (!positionals.length) {
        process.stderr.write(USAGE);
        return 2;
      }
      const { runScan } = await import('./scan.js');
      return runScan({
        files: positionals,
        json: values.json ?? false,
        policyDir: values['policy-dir'],
        config: loadConfig(),
        write: (line) => process.stdout.write(line + '\n'),
      });
    }
    case 'policy': {
      if (rest[0] !== 'check') break;
      const { runPolicyCheck } = await import('../policy/check.js');
      const dir = rest[1] ?? loadConfig().policyDir;
      const result = await runPolicyCheck(dir);
      process.stdout.write(result.output.endsWith('\n') ? result.output : result.output + '\n');
      return result.ok ? 0 : 1;
    }
    case 'quarantine': {
      const { runQuarantine } = await import('./quarantine.js');
      return runQuarantine({
        args: rest,
        config: loadConfig(),
        write: (text) => process.stdout.write(text),
        writeError: (text) => process.stderr.write(text),
        writeBytes: (bytes) => process.stdout.write(bytes),
      });
    }
    case 'trace': {
      const { runTrace } = await import('./trace.js');
      return runTrace({
        args: rest,
        config: loadConfig(),
        write: (text) => process.stdout.write(text),
        writeError: (text) => process.stderr.write(text),
      });
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command ? 0 : 2;
  }
  process.stderr.write(`lachan: lệnh không rõ / unknown command: ${argv.join(' ')}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof LachanError) {
      process.stderr.write(`lachan: ${err.code}: ${err.message}\n`);
    } else {
      process.stderr.write(`lachan: ${(err as Error)?.stack ?? String(err)}\n`);
    }
    process.exitCode = 1;
  },
);
