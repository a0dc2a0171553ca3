// Memory and CPU of a process and its descendants (a service started through tsx has esbuild
// children), read from /proc: what `ps` would show, without spawning it.
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_S = 100;

interface ProcStat { pid: number; ppid: number; cpuTicks: number }

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined; // exited meanwhile
  }
}

/** pid and every live descendant. */
export function processTree(pid: number): number[] {
  const stats = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((d) => readStat(Number(d))).filter((s): s is ProcStat => s !== undefined);
  const children = new Map<number, number[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s.pid]);
  const tree: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift()!;
    tree.push(p);
    queue.push(...(children.get(p) ?? []));
  }
  return tree;
}

function statusKib(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** rssMib and cpuSeconds summed over the tree; rootRssMib of the process itself. */
export interface TreeSample { rssMib: number; rootRssMib: number; cpuSeconds: number; processes: number }

/** Resident memory (VmRSS) and CPU seconds used so far (user + system), summed over the tree. */
export function sampleTree(pid: number): TreeSample {
  const tree = processTree(pid);
  let kib = 0;
  let ticks = 0;
  for (const p of tree) {
    kib += statusKib(p, 'VmRSS');
    ticks += readStat(p)?.cpuTicks ?? 0;
  }
  return { rssMib: kib / 1024, rootRssMib: statusKib(pid, 'VmRSS') / 1024, cpuSeconds: ticks / CLOCK_TICKS_PER_S, processes: tree.length };
}

/** Peak resident memory (VmHWM) of the process itself, in MiB. */
export const peakRssMib = (pid: number): number => statusKib(pid, 'VmHWM') / 1024;
