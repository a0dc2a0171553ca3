// Summary of a V8 .cpuprofile (node --cpu-prof): self time per function, and inclusive time per
// function (each stack counted once), as shares of the sampled time.
import { readFileSync } from 'node:fs';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

export interface ProfileLine { share: number; ms: number; name: string }

const label = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;

/** Shares are of the busy time (idle samples left out); idleShare is of all sampled time. */
export function summarizeProfile(file: string, top = 12): { totalMs: number; idleShare: number; self: ProfileLine[]; inclusive: ProfileLine[] } {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const perNode = new Map<number, number>();
  p.samples.forEach((s, i) => perNode.set(s, (perNode.get(s) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of perNode) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    total += us;
    self.set(label(node), (self.get(label(node)) ?? 0) + us);
    const onStack = new Set<string>();
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const name = label(byId.get(x)!).replace(/:\d+$/, '');
      if (!onStack.has(name)) inclusive.set(name, (inclusive.get(name) ?? 0) + us);
      onStack.add(name);
    }
  }
  const lines = (m: Map<string, number>, skip: (name: string) => boolean) =>
    [...m].filter(([name]) => !skip(name)).sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ share: us / total, ms: us / 1000, name }));
  const structural = (name: string) => /^\((root|program|idle|garbage collector)\)|^\(anonymous\) :0$|^\(anonymous\) $/.test(name);
  return { totalMs: (total + idle) / 1000, idleShare: idle / (total + idle || 1), self: lines(self, () => false), inclusive: lines(inclusive, structural) };
}
