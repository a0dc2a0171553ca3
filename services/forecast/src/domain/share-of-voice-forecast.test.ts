import { describe, expect, it } from 'vitest';
import { shareOfVoiceForecast } from './share-of-voice-forecast.ts';

const key = { competitiveSet: 'airlines', brand: 'alpha' };

describe('shareOfVoiceForecast', () => {
  it("gives the share with binomial 80% and 95% intervals over each period's expected set mentions", () => {
    const f = shareOfVoiceForecast(key, 'share_of_voice', 0.3, [{ startMs: 900_000, mentions: 720 }, { startMs: 1_800_000, mentions: 0 }], 900_000, 42);
    expect(f).toEqual({
      competitive_set: 'airlines', brand: 'alpha', metric: 'share_of_voice', generated_at_ms: 42, step_ms: 900_000, model: 'calm-share-binomial',
      points: [
        // √(0.3 · 0.7 / 720) = 0.01708: ± 1.96 and ± 1.2816 of it
        { window_start_ms: 900_000, expected: 0.3, lower: 0.2665, upper: 0.3335, lower_80: 0.2781, upper_80: 0.3219 },
        // no mentions expected: any share
        { window_start_ms: 1_800_000, expected: 0.3, lower: 0, upper: 1, lower_80: 0, upper_80: 1 },
      ],
    });
  });

  it('keeps the bounds within [0, 1] and refuses a share outside it', () => {
    const f = shareOfVoiceForecast(key, 'share_of_voice', 0.99, [{ startMs: 0, mentions: 10 }], 900_000, 0);
    expect(f.points[0]).toMatchObject({ upper: 1, upper_80: 1 });
    expect(() => shareOfVoiceForecast(key, 'share_of_voice', 1.2, [], 900_000, 0)).toThrow('share of voice 1.2 is not in [0, 1]');
  });
});
