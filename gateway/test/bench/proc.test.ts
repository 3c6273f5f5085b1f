import { describe, expect, it } from 'vitest';
import { cpuMeter, descendantsOf, parseProcStat, parseProcStatus, processTree, readStat, treeCpuTicks } from '../../bench/proc.js';

// Field 14/15 (utime/stime) = 1234/56, 16/17 (cutime/cstime) = 7/8.
const STAT = '4242 (node (main) x) S 17 4242 4242 0 -1 4194560 9000 0 0 0 1234 56 7 8 20 0 11 0 123456 1000000 20000 18446744073709551615 1 1 0 0 0 0 0 16781312 17922 0 0 0 17 1 0 0 0 0 0';

describe('/proc parsing', () => {
  it('reads CPU ticks from a stat line whose command name holds spaces and parentheses', () => {
    expect(parseProcStat(STAT)).toEqual({ pid: 4242, comm: 'node (main) x', state: 'S', ppid: 17, utime: 1234, stime: 56, cutime: 7, cstime: 8 });
  });

  it('gives undefined for an empty or cut-short stat line (a process that just exited)', () => {
    expect(parseProcStat('')).toBeUndefined();
    expect(parseProcStat('4242 (node) S 17 4242')).toBeUndefined();
  });

  it('reads VmRSS and VmHWM in kB from a status file', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1100000 kB\nVmHWM:\t  187220 kB\nVmRSS:\t  150004 kB\nThreads:\t11\n';
    expect(parseProcStatus(status)).toEqual({ vmRssKb: 150004, vmHwmKb: 187220 });
    expect(parseProcStatus('Name:\tkthreadd\n')).toEqual({ vmRssKb: undefined, vmHwmKb: undefined });
  });

  it('finds every descendant of a process, not its siblings', () => {
    const pairs = [
      { pid: 10, ppid: 1 },
      { pid: 11, ppid: 10 },
      { pid: 12, ppid: 10 },
      { pid: 13, ppid: 12 },
      { pid: 20, ppid: 1 },
    ];
    expect(descendantsOf(10, pairs).sort()).toEqual([10, 11, 12, 13]);
    expect(descendantsOf(20, pairs)).toEqual([20]);
  });

  it('reads this very process from the real /proc', () => {
    const st = readStat(process.pid);
    expect(st?.pid).toBe(process.pid);
    expect(processTree(process.pid)[0]).toBe(process.pid);
    expect(treeCpuTicks(process.pid)).toBeGreaterThanOrEqual((st?.utime ?? 0) + (st?.stime ?? 0));
  });

  it('charges CPU burnt between start and stop to the process', () => {
    const stop = cpuMeter([process.pid]);
    // spin until this process itself has burnt 150 ms of CPU (on a loaded machine 150 ms of wall
    // time can be far less CPU for us)
    const start = process.cpuUsage();
    const burnt = () => {
      const d = process.cpuUsage(start);
      return (d.user + d.system) / 1000;
    };
    let x = 0;
    while (burnt() < 150) for (let i = 0; i < 1000; i++) x += Math.sqrt(x + 1);
    const seconds = stop();
    expect(x).toBeGreaterThan(0);
    expect(seconds).toBeGreaterThanOrEqual(0.05);
    expect(seconds).toBeLessThan(5);
  });
});
