import { type CalendarData, createCalendar } from './calendar.ts';
import { offsetToMs } from './days.ts';
import data from './holidays-vn.json' with { type: 'json' };

/** Viet Nam's working days, from the shipped holiday data. */
export const vietnamCalendar = createCalendar(data as CalendarData);

/** Viet Nam's offset from UTC in milliseconds, the same all year, from the same data. */
export const vietnamOffsetMs = offsetToMs(data.utcOffset);
