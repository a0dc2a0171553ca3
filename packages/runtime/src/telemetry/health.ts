// What keeps a running service from doing its work, for /readyz: the write step that is retrying
// a dependency, a consumer without a working group session, a producer whose sends fail. Each part
// reports under its own source and clears it when it works again; probes are asked on each check.
// One registry per process (the parts are built in different modules); tests make their own.

export interface Problem {
  /** Which part is stuck, e.g. `consumer enrich` or `write (enrich)`. */
  source: string;
  /** What it waits for: kafka, clickhouse, or the name of another dependency. */
  dependency: string;
  reason: string;
  /** Since when (epoch ms). */
  since: number;
}

export interface Health {
  report(source: string, dependency: string, reason: string): void;
  clear(source: string): void;
  /** A check run at each readiness request; returns the problem it sees, if any. */
  probe(source: string, check: () => Omit<Problem, 'source'> | undefined): () => void;
  problems(): Problem[];
}

export function createHealth(clock: () => number = Date.now): Health {
  const reported = new Map<string, Problem>();
  const probes = new Map<string, () => Omit<Problem, 'source'> | undefined>();
  return {
    report(source, dependency, reason) {
      const old = reported.get(source);
      reported.set(source, { source, dependency, reason, since: old?.dependency === dependency ? old.since : clock() });
    },
    clear: (source) => void reported.delete(source),
    probe(source, check) {
      probes.set(source, check);
      return () => void probes.delete(source);
    },
    problems() {
      const all = [...reported.values()];
      for (const [source, check] of probes) {
        const p = check();
        if (p) all.push({ source, ...p });
      }
      return all;
    },
  };
}

/** The registry of this process: runService answers /readyz from it. */
export const processHealth: Health = createHealth();

/** The dependency a failed call waited for, from the error (kafkajs and ClickHouse client errors). */
export function dependencyOf(err: unknown): string {
  for (let e = err as { name?: unknown; message?: unknown; cause?: unknown; dependency?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.dependency === 'string') return e.dependency;
    if (typeof e.name === 'string' && e.name.startsWith('KafkaJS')) return 'kafka';
    if (typeof e.name === 'string' && /clickhouse/i.test(e.name)) return 'clickhouse';
  }
  return 'unknown';
}

export function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export interface DependencyWatch {
  /** Reported under this source while the check fails, e.g. `clickhouse ping`. */
  source: string;
  dependency: string;
  /** Resolves true (or anything but false) when the dependency answers. */
  check: () => Promise<unknown>;
  /** How often to check; a check not answered within this long has failed. */
  everyMs: number;
}

/**
 * Checks a dependency every `everyMs` and reports it to readiness while it fails, so a service with
 * nothing to write still turns not-ready when the dependency goes away. Returns a stop function.
 */
export function watchDependency(health: Health, w: DependencyWatch): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    let timer: NodeJS.Timeout | undefined;
    try {
      const answered = await Promise.race([
        w.check(),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${w.everyMs} ms`)), w.everyMs); }),
      ]);
      if (answered === false) health.report(w.source, w.dependency, `${w.dependency} does not answer`);
      else health.clear(w.source);
    } catch (err) {
      health.report(w.source, w.dependency, `check failed: ${reasonOf(err)}`);
    } finally {
      clearTimeout(timer);
      running = false;
    }
  };
  const interval = setInterval(() => void tick(), w.everyMs);
  interval.unref();
  void tick();
  return () => {
    clearInterval(interval);
    health.clear(w.source);
  };
}
