// When a class's random captures (随机抓拍) fall due: drawn by the server from fresh randomness when
// the class's timetable takes effect (opened, started, a change applied, resumed: the capture
// module's schedule drawer), and recorded as a fact on `capture-schedule-<classId>`, so the times
// never change afterwards and an auditor sees they were fixed before the captures came. Reading
// them (what is due, the supervisors' view, checking a random capture) writes nothing.
// The stream is no record of the institution's: it is shown only to supervisors
// (captureSchedule), and a device learns a time only once it has passed (dueRandomCaptures).
import type { Decider, DomainEvent } from '../shared/decider';
import { streamNaming } from '../shared/streams';
import { randomCaptureTimes, type CapturePolicy } from './capture-policy';

export const captureScheduleStreams = streamNaming('capture-schedule');

export type CaptureScheduleDrawn = DomainEvent<
  'CaptureScheduleDrawn',
  { sessions: { sessionId: string; times: string[] }[]; policy: Pick<CapturePolicy, 'randomCapturesPerSession' | 'randomCaptureWindowMinutes' | 'checkInClosesMinutesAfter' | 'checkOutOpensMinutesBefore'> }
>;
export type CaptureScheduleState = { drawn: Record<string, string[]> };
export type CaptureScheduleCommand = {
  type: 'DrawCaptureSchedule';
  sessions: { sessionId: string; startsAt: string; endsAt: string }[];
  /** Fresh random bytes (hex) per session, from the command layer (the domain has no randomness). */
  seeds: Record<string, string>;
  policy: CapturePolicy;
};

export const captureScheduleDecider: Decider<CaptureScheduleCommand, CaptureScheduleDrawn, CaptureScheduleState> = {
  initialState: () => ({ drawn: {} }),
  evolve: (state, event) => ({ drawn: { ...state.drawn, ...Object.fromEntries(event.data.sessions.map((s) => [s.sessionId, s.times])) } }),
  decide(command, state) {
    const missing = command.sessions.filter((s) => !(s.sessionId in state.drawn) && command.seeds[s.sessionId]);
    if (!missing.length) return [];
    const { randomCapturesPerSession, randomCaptureWindowMinutes, checkInClosesMinutesAfter, checkOutOpensMinutesBefore } = command.policy;
    return [
      {
        type: 'CaptureScheduleDrawn',
        data: {
          sessions: missing.map((s) => ({ sessionId: s.sessionId, times: randomCaptureTimes(command.seeds[s.sessionId]!, s, command.policy) })),
          policy: { randomCapturesPerSession, randomCaptureWindowMinutes, checkInClosesMinutesAfter, checkOutOpensMinutesBefore },
        },
      },
    ];
  },
};
