// Today's sessions of the classes running in the user's scope (their institution's, or those they
// teach): the running classes with their timetables (trainingClasses), today's sessions picked out
// in Beijing time, those still to come or under way first.
import { useQuery } from '@vue/apollo-composable';
import { computed } from 'vue';
import { toConsoleError } from '@admin/api/errors';
import { MobileRunningClassesDocument } from '@/graphql/generated';
import { chinaToday } from '@/time';

/** Running classes read at once; an institution runs a few at a time. */
const PAGE_SIZE = 100;

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
  const { result, loading, error, refetch } = useQuery(MobileRunningClassesDocument, () => ({ page: { page: 1, pageSize: PAGE_SIZE } }), { fetchPolicy: 'cache-and-network' });
  const today = chinaToday();

  const sessions = computed<TodaySession[]>(() => {
    const now = Date.now();
    const all = (result.value?.trainingClasses.items ?? []).flatMap((c) =>
      c.timetable
        .filter((s) => s.date === today)
        .map((s) => ({
          classId: c.id,
          className: c.name,
          classNo: c.classNo,
          sessionId: s.sessionId,
          start: s.start,
          end: s.end,
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          subject: s.subject,
          teacherName: s.teacherName ?? '',
          venue: s.venue || c.venue.address,
          state: (Date.parse(s.endsAt) < now ? 'over' : Date.parse(s.startsAt) <= now ? 'running' : 'upcoming') as TodaySession['state'],
        })),
    );
    const order = { running: 0, upcoming: 1, over: 2 };
    return all.sort((a, b) => order[a.state] - order[b.state] || a.startsAt.localeCompare(b.startsAt));
  });
  const errorMessage = computed(() => (error.value ? toConsoleError(error.value).message : null));
  const truncated = computed(() => (result.value?.trainingClasses.total ?? 0) > PAGE_SIZE);

  return { today, sessions, loading, errorMessage, truncated, refresh: () => refetch()?.catch(() => undefined) };
}
