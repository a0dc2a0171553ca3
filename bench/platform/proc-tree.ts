// Resident memory, CPU time and count of a process and all its descendants (a service started
// through tsx has esbuild children), read from /proc without spawning `ps`.
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_S = 100;

interface Stat { pid: number; ppid: number; cpuTicks: number }

function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined; // exited meanwhile
  }
}

function rssKib(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

export interface TreeSample {
  /** VmRSS summed over the process and its descendants. */
  rssMib: number;
  /** VmRSS of the process itself. */
  rootRssMib: number;
  /** Descendant processes (threads not counted). */
  children: number;
  /** User + system CPU seconds used so far by the live tree. */
  cpuSeconds: number;
}

export function sampleTree(pid: number): TreeSample {
  const stats = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((d) => readStat(Number(d))).filter((s) => s !== undefined);
  const byParent = new Map<number, Stat[]>();
  for (const s of stats) byParent.set(s.ppid, [...(byParent.get(s.ppid) ?? []), s]);
  const root = stats.find((s) => s.pid === pid);
  const tree = root ? [root] : [];
  for (let i = 0; i < tree.length; i++) tree.push(...(byParent.get(tree[i]!.pid) ?? []));
  return {
    rssMib: tree.reduce((n, s) => n + rssKib(s.pid), 0) / 1024,
    rootRssMib: rssKib(pid) / 1024,
    children: Math.max(0, tree.length - 1),
    cpuSeconds: tree.reduce((n, s) => n + s.cpuTicks, 0) / CLOCK_TICKS_PER_S,
  };
}
