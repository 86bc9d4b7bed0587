// The capture module's confirmed exclusions as the funding calculation reads them.
import { describe, expect, it } from '@jest/globals';
import { fraudExclusions } from './application-commands';

describe('fraud exclusions for training funding', () => {
  it('takes out the person a confirmed signal names, and everyone for a signal on a whole session', async () => {
    const captures = {
      exclusions: async () => [
        { sessionId: '2026-02-02T09:00', personKey: 'trainee:b', signalId: 's-1', kind: 'far_from_venue' },
        { sessionId: '2026-02-03T09:00', personKey: null, signalId: 's-2', kind: 'identical_patterns' },
        { sessionId: null, personKey: 'teacher:t', signalId: 's-3', kind: 'far_from_venue' },
      ],
    };
    const out = await fraudExclusions(captures, 'class-1', ['a', 'b']);
    expect(out.map((x) => [x.participantId, x.signalId])).toEqual([['a', 's-2'], ['b', 's-1'], ['b', 's-2']]);
    expect(out[1]!.reason).toMatch(/2026-02-02 09:00节次考勤被排除$/);
    expect(out[0]!.reason).toMatch(/全班考勤被排除$/);
  });
});
