import { type CalendarData, createCalendar } from './calendar.ts';
import data from './holidays-vn.json' with { type: 'json' };

/** Viet Nam's working days, from the shipped holiday data. */
export const vietnamCalendar = createCalendar(data as CalendarData);
