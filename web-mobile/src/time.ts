// Dates and times as people in Guizhou read them (Beijing time), whatever the phone's zone.
const ZONE = 'Asia/Shanghai';

/** Today's date in Beijing, YYYY-MM-DD. */
export const chinaToday = (now = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);

/** HH:mm in Beijing. */
export const chinaTime = (iso: string) => new Intl.DateTimeFormat('zh-CN', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
