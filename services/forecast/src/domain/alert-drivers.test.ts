import { describe, expect, it } from 'vitest';
import { driverTerms, findDrivers, type DriverMention } from './alert-drivers.ts';

const m = (i: number, text: string, hashtags: string[] = [], intents: string[] = []): DriverMention => ({ mention_id: `m${i}`, text, hashtags, intents });

describe('findDrivers', () => {
  it('names the injected terms, hashtag and intent of a synthetic incident, strongest first, not the usual ones', () => {
    const baseline = Array.from({ length: 200 }, (_, i) => m(i, i % 2 ? 'great flight today thanks crew' : 'booked a flight for the weekend', i % 10 === 0 ? ['travel'] : [], i % 5 === 0 ? ['praise'] : []));
    const incident = [
      ...Array.from({ length: 40 }, (_, i) => m(1000 + i, 'lost luggage again at the airport, flight was fine', ['lostbags'], ['complaint'])),
      ...Array.from({ length: 10 }, (_, i) => m(2000 + i, 'great flight today thanks crew')),
    ];
    const drivers = findDrivers(incident, baseline);
    expect(drivers.map((d) => `${d.kind}:${d.value}`)).toEqual(['hashtag:lostbags', 'intent:complaint', 'term:airport', 'term:fine', 'term:lost']);
    expect(drivers[0]).toEqual({ kind: 'hashtag', value: 'lostbags', count: 40, share: 0.8, baseline_share: 0 });
    expect(drivers.some((d) => d.value === 'flight' || d.value === 'great')).toBe(false);
  });

  it('needs a minimum count: two odd mentions are not a driver', () => {
    const incident = [m(1, 'zeppelin sighting'), m(2, 'zeppelin sighting'), ...Array.from({ length: 10 }, (_, i) => m(10 + i, 'hello'))];
    expect(findDrivers(incident, [m(0, 'hello')]).map((d) => d.value)).not.toContain('zeppelin');
    expect(findDrivers([], [m(0, 'hello')])).toEqual([]);
  });

  it('reports words, not handles, links, numbers or stop words', () => {
    expect(driverTerms('@united lost my bag AGAIN https://t.co/x 2015 #fail its the worst')).toEqual(['lost', 'bag', 'worst']);
  });
});
