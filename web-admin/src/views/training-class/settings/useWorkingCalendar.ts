// 工作日历: the days that differ from the ordinary week (法定节假日 off, weekend days made working
// days, 调休) for one year; declaration deadlines count working days on it. The province sets or
// clears a day (each an event with its reason) or imports the State Council's holiday notice for a
// year the platform ships.
import { useMutation, useQuery } from '@vue/apollo-composable';
import { ElMessage } from 'element-plus';
import { computed, ref } from 'vue';
import { toConsoleError } from '@/api/errors';
import { rememberWrite } from '@/api/read-after';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { ClearCalendarDayDocument, ImportHolidayNoticeDocument, WorkingCalendarDocument } from '@/graphql/generated';
import { newCommandId } from '@/utils/format';
import ReasonDialog from '../record/ReasonDialog.vue';
import type { ReasonDialogProps } from '../record/record-types';
import type { CalendarDay } from '../types';
import CalendarDayDialog from './CalendarDayDialog.vue';

/** The province's calendar record (domain/calendar/calendar.ts). */
export const CALENDAR_STREAM = 'working-day-calendar-province';

export function useWorkingCalendar() {
  const year = ref(new Date().getFullYear());
  const { result, loading, error, refetch } = useQuery(WorkingCalendarDocument, () => ({ year: year.value }));
  const calendar = computed(() => result.value?.workingCalendar);
  const loadError = computed(() => (error.value ? toConsoleError(error.value) : undefined));
  const canChange = computed(() => can({ allOf: ['training-class:settings'] }));
  /** A shipped State Council notice for the year that is not imported yet. */
  const canImport = computed(() => canChange.value && Boolean(calendar.value?.shippedYears.includes(year.value)) && calendar.value?.notices.length === 0);
  const weekday = (date: string) => `周${'日一二三四五六'[new Date(`${date}T00:00:00+08:00`).getDay()]}`;

  async function setDay(day?: CalendarDay) {
    if (await openDialog<boolean>(CalendarDayDialog, { year: year.value, day })) await refetch();
  }

  const { mutate: clear } = useMutation(ClearCalendarDayDocument);
  async function clearDay(day: CalendarDay) {
    const options: ReasonDialogProps = {
      title: `恢复为普通日期：${day.date}（${day.name}）`,
      label: '原因',
      confirmText: '确认恢复',
      danger: true,
      notice: '恢复后该日按普通周一至周五上班、周末休息计算。',
      done: '已恢复为普通日期',
      send: async (reason, commandId) => (await clear({ date: day.date, reason, commandId }))?.data?.clearCalendarDay,
    };
    if (await openDialog<boolean>(ReasonDialog, options)) await refetch();
  }

  const importing = ref(false);
  const { mutate: importNotice } = useMutation(ImportHolidayNoticeDocument);
  async function importShipped() {
    importing.value = true;
    try {
      rememberWrite((await importNotice({ year: year.value, commandId: newCommandId() }))?.data?.importHolidayNotice);
      ElMessage.success(`已导入${year.value}年节假日安排`);
      await refetch();
    } catch (e) {
      ElMessage.error(toConsoleError(e).message);
    } finally {
      importing.value = false;
    }
  }

  return { year, calendar, loading, loadError, refetch, canChange, canImport, importing, weekday, setDay, clearDay, importShipped };
}
