// schemaOfTheDay: one build per day, a new build when the day changes (an age or "not in the
// future" is judged on the day asked for, whatever day the previous call asked).
import { describe, expect, it } from '@jest/globals';
import { schemaOfTheDay } from './validation';

describe('schemaOfTheDay', () => {
  it('builds once for calls of one day and again when the day changes', () => {
    const built: string[] = [];
    const of = schemaOfTheDay((today) => {
      built.push(today);
      return { today };
    });
    const first = of('2026-12-06');
    expect(of('2026-12-06')).toBe(first);
    expect(of('2026-12-07')).toEqual({ today: '2026-12-07' });
    expect(of('2026-12-06')).toEqual({ today: '2026-12-06' });
    expect(built).toEqual(['2026-12-06', '2026-12-07', '2026-12-06']);
  });
});
