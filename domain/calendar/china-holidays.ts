// The State Council's yearly holiday arrangements (国务院办公厅关于××年部分节假日安排的通知), as
// shipped data: the calendar stream starts empty, and the platform imports each notice into it as
// one event (ImportHolidayNotice), so what was in force on any day stays in the record even if this
// file is corrected later. An authority fixes a day by hand with SetCalendarDay / ClearCalendarDay.
//
// 2026: 国务院办公厅关于2026年部分节假日安排的通知, dated 2025-11-04, published by Xinhua the same
// day (新华社北京11月4日电); every date below checked against that text.
// 2027: not shipped. Its notice is normally published in November or December of the year before,
// and no text of it could be checked when this file was written; guessing would make the
// declaration deadline wrong for a whole year. Import it when published (one command, see README).
import type { CalendarDay } from './working-days';
import { shiftDays } from './working-days';

export interface HolidayNotice {
  year: number;
  /** Title and date of the notice, recorded on the event. */
  source: string;
  days: CalendarDay[];
}

const holiday = (name: string, from: string, to: string): CalendarDay[] => {
  const days: CalendarDay[] = [];
  for (let date = from; date <= to; date = shiftDays(date, 1)) days.push({ date, kind: 'holiday', name });
  return days;
};
const workdays = (name: string, ...dates: string[]): CalendarDay[] => dates.map((date) => ({ date, kind: 'workday', name }));

export const HOLIDAY_NOTICE_2026: HolidayNotice = {
  year: 2026,
  source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
  days: [
    // 一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    ...holiday('元旦', '2026-01-01', '2026-01-03'),
    ...workdays('元旦', '2026-01-04'),
    // 二、春节：2月15日（周日）至23日（周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
    ...workdays('春节', '2026-02-14'),
    ...holiday('春节', '2026-02-15', '2026-02-23'),
    ...workdays('春节', '2026-02-28'),
    // 三、清明节：4月4日（周六）至6日（周一）放假，共3天。
    ...holiday('清明节', '2026-04-04', '2026-04-06'),
    // 四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
    ...holiday('劳动节', '2026-05-01', '2026-05-05'),
    ...workdays('劳动节', '2026-05-09'),
    // 五、端午节：6月19日（周五）至21日（周日）放假，共3天。
    ...holiday('端午节', '2026-06-19', '2026-06-21'),
    // 七、国庆节：……9月20日（周日）、10月10日（周六）上班。
    ...workdays('国庆节', '2026-09-20'),
    // 六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
    ...holiday('中秋节', '2026-09-25', '2026-09-27'),
    // 七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。
    ...holiday('国庆节', '2026-10-01', '2026-10-07'),
    ...workdays('国庆节', '2026-10-10'),
  ],
};

/** Every notice this release ships, oldest first. */
export const SHIPPED_HOLIDAY_NOTICES: readonly HolidayNotice[] = [HOLIDAY_NOTICE_2026];
