/** What the read side says of its answers: whether they are exact, estimated or missing. */

/** A read-side answer, and whether it rests on a year the holiday data lacks. */
export interface Reckoned<T> {
  value: T;
  /** Some day it counted lies in a year the data lacks and was taken as Mon–Fri only. */
  estimated: boolean;
}

/** What a watched calendar met while reading: for one warning per run, not one per item. */
export interface CalendarGaps {
  /** Years the data lacks whose days were counted by weekends alone. */
  estimatedYears: number[];
  /** Stored values that are no date, with what they belong to (`task 01J…`). */
  unreadable: { about: string; value: string }[];
}

/** How a figure could be counted: exactly, by weekends alone somewhere, or not at all. */
export type CalendarGap = 'estimated' | 'unavailable';

/** How a read-side answer was reached, for the flag an item carries (absent when exact). */
export function gapOf(answer: Reckoned<unknown> | undefined): CalendarGap | undefined {
  if (!answer) return 'unavailable';
  return answer.estimated ? 'estimated' : undefined;
}

/** The flag of a figure built from several answers: the least sure of them. */
export function worstGap(gaps: (CalendarGap | undefined)[]): CalendarGap | undefined {
  if (gaps.includes('unavailable')) return 'unavailable';
  return gaps.includes('estimated') ? 'estimated' : undefined;
}

/** The one warning a run logs for what its calendar met, or undefined when it met nothing. */
export function describeGaps(
  gaps: CalendarGaps,
  calendar: { years: readonly number[] },
): string | undefined {
  const parts: string[] = [];
  if (gaps.estimatedYears.length) {
    const covered = calendar.years.length
      ? `${calendar.years[0]}–${calendar.years[calendar.years.length - 1]}`
      : 'none';
    parts.push(
      `The holiday calendar has no data for ${gaps.estimatedYears.join(', ')} (it covers ${covered}): working days in those years were counted Monday to Friday, without holidays. Add the Government's days off to the calendar data.`,
    );
  }
  if (gaps.unreadable.length) {
    const shown = gaps.unreadable
      .slice(0, 20)
      .map((u) => `${u.about}: "${u.value}"`)
      .join('; ');
    const more = gaps.unreadable.length > 20 ? ` and ${gaps.unreadable.length - 20} more` : '';
    parts.push(
      `Stored dates that are no date, listed without working-day figures: ${shown}${more}.`,
    );
  }
  return parts.length ? parts.join(' ') : undefined;
}
