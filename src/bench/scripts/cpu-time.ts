// CPU time for the bench:scan scripts, from Linux /proc (zero where it is missing): on a machine shared with other
// work, CPU milliseconds say what a run costs when wall time only says how crowded the machine was.
import { readFileSync, readdirSync } from 'node:fs';

const tick = 1000 / 100; // ms per clock tick (USER_HZ is 100 on Linux)

/** user + system ms of a /proc stat line's own fields (14, 15) and its waited-for children's (16, 17). */
function statTimes(stat: string): { self: number; children: number } {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const at = (index: number): number => Number(fields[index - 3] ?? 0);
  return { self: (at(14) + at(15)) * tick, children: (at(16) + at(17)) * tick };
}

/** CPU ms of the CLI processes this process has waited for (zero where /proc is missing). */
export function reapedChildrenCpu(): number {
  try {
    return statTimes(readFileSync('/proc/self/stat', 'utf8')).children;
  } catch {
    return 0;
  }
}

/** CPU ms of the live child processes (the pool's workers). */
export function liveChildrenCpu(): number {
  let total = 0;
  try {
    for (const task of readdirSync('/proc/self/task')) {
      const children = readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
      for (const pid of children) total += statTimes(readFileSync(`/proc/${pid}/stat`, 'utf8')).self;
    }
  } catch {
    return 0;
  }
  return total;
}

export function ownCpu(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** CPU ms of this process's main thread alone (process.cpuUsage() adds every thread: a worker-thread stub server,
 * the checkpoint worker, libuv's pool); 10 ms resolution. Zero where /proc is missing. */
export function mainThreadCpu(): number {
  try {
    return statTimes(readFileSync(`/proc/self/task/${String(process.pid)}/stat`, 'utf8')).self;
  } catch {
    return 0;
  }
}
