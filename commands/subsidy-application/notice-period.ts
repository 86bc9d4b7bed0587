// The 公示 period a final approval publishes its list for: the province's setting (公示天数) and the
// working-day calendar as they stand on the day of the approval (training funding and personal
// subsidies both publish theirs this way).
import { calendarDecider, PROVINCE_CALENDAR_STREAM } from '../../domain/calendar/calendar';
import { chinaDate } from '../../domain/personal-data/normalize';
import { NOTICE_SETTINGS_STREAM, noticePeriod, noticeSettingsDecider } from '../../domain/subsidy-application/notice';
import type { EventStore } from '../../store/event-store/event-store';
import { loadState } from '../../store/fold';
import type { RequestContext } from '../pipeline/request-context';

export async function noticePeriodOfApproval(store: EventStore, request: RequestContext) {
  const [settings, calendar] = await Promise.all([loadState(store, noticeSettingsDecider, NOTICE_SETTINGS_STREAM), loadState(store, calendarDecider, PROVINCE_CALENDAR_STREAM)]);
  return noticePeriod(settings.settings, calendar.days, chinaDate((request.now ?? new Date()).toISOString()));
}
