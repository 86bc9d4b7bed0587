// Today's sessions of the classes running in the user's scope (their institution's, or those they
// teach), as the server picks them out for the day in Beijing time (captureSessionsOn: the sessions
// alone, not every running class's whole timetable); those under way or still to come first.
import { useQuery } from '@vue/apollo-composable';
import { computed } from 'vue';
import { toConsoleError } from '@admin/api/errors';
import { MobileSessionsOnDocument } from '@/graphql/generated';
import { chinaToday } from '@/time';

/** Sessions read at once; an institution runs a few classes at a time. */
const LIMIT = 100;

export interface TodaySession {
  classId: string;
  className: string;
  classNo: string;
  sessionId: string;
  start: string;
  end: string;
  startsAt: string;
  endsAt: string;
  subject: string;
  teacherName: string;
  venue: string;
  state: 'upcoming' | 'running' | 'over';
}

export function useToday() {
  const today = chinaToday();
  const { result, loading, error, refetch } = useQuery(MobileSessionsOnDocument, () => ({ date: today, limit: LIMIT }), { fetchPolicy: 'cache-and-network' });

  const sessions = computed<TodaySession[]>(() => {
    const now = Date.now();
    const all = (result.value?.captureSessionsOn.items ?? []).map((s) => ({
      classId: s.classId,
      className: s.className,
      classNo: s.classNo,
      sessionId: s.sessionId,
      start: s.start,
      end: s.end,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      subject: s.subject,
      teacherName: s.teacherName ?? '',
      venue: s.venue,
      state: (Date.parse(s.endsAt) < now ? 'over' : Date.parse(s.startsAt) <= now ? 'running' : 'upcoming') as TodaySession['state'],
    }));
    const order = { running: 0, upcoming: 1, over: 2 };
    return all.sort((a, b) => order[a.state] - order[b.state] || a.startsAt.localeCompare(b.startsAt));
  });
  const errorMessage = computed(() => (error.value ? toConsoleError(error.value).message : null));
  const truncated = computed(() => result.value?.captureSessionsOn.truncated ?? false);

  return { today, sessions, loading, errorMessage, truncated, refresh: () => refetch()?.catch(() => undefined) };
}
