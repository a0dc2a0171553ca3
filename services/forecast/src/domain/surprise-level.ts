// SurpriseLevel: how far above its forecast a series usually goes. Mention counts are heavy
// tailed (a brand has a few bursts a day that are nobody's incident), so a fixed number of
// sigmas pages too often on busy brands. The level is the k-th largest departure (in sigmas)
// of the final windows of the last `lookbackMs`: an incident must be rarer than k windows per
// lookback, which reads the same at any window length.

export interface SurpriseRules {
  lookbackMs: number;
  /** Windows per lookback allowed above the level. */
  rank: number;
}

export const DEFAULT_SURPRISE_RULES: SurpriseRules = { lookbackMs: 14 * 86_400_000, rank: 1 };

export class SurpriseLevel {
  private readonly ring: Float32Array;
  private count = 0;
  private next = 0;
  private cached: number | undefined;

  private readonly rules: SurpriseRules;
  constructor(stepMs: number, rules: SurpriseRules) {
    this.rules = rules;
    this.ring = new Float32Array(Math.max(1, Math.round(rules.lookbackMs / stepMs)));
  }

  add(sigmas: number): void {
    this.ring[this.next] = sigmas;
    this.next = (this.next + 1) % this.ring.length;
    this.count = Math.min(this.ring.length, this.count + 1);
    this.cached = undefined;
  }

  /** The k-th largest departure held (0 while fewer than k are held). */
  level(): number {
    return (this.cached ??= this.compute());
  }

  private compute(): number {
    const k = this.rules.rank;
    if (this.count < k) return 0;
    const top: number[] = [];
    for (let i = 0; i < this.count; i++) {
      const v = this.ring[i]!;
      if (top.length < k) {
        top.push(v);
        top.sort((a, b) => b - a);
      } else if (v > top[k - 1]!) {
        top[k - 1] = v;
        top.sort((a, b) => b - a);
      }
    }
    return top[k - 1]!;
  }
}
