import type { BusinessDate } from '../schemas/common.ts';
import type { HttpResult } from './handler.ts';

type Cell = string | number | undefined;

/**
 * CSV that Excel opens with Vietnamese intact: UTF-8 with a byte-order mark, CRLF line
 * ends, every field quoted. A cell that starts like a formula (= + - @) is prefixed with
 * an apostrophe, so a crafted title cannot run in an official's spreadsheet.
 */
export function toCsv(header: string[], rows: Cell[][]): string {
  const cell = (value: Cell) => {
    let text = value === undefined ? '' : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return `"${text.replace(/"/g, '""')}"`;
  };
  const lines = [header, ...rows].map((row) => row.map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * An export as a download: `<name>-<day>.csv`, where the day is a business date in Viet
 * Nam's time (the caller's calendar gives it: a file made at 06:30 on 5 July is the 5 July
 * one, though UTC is still on the 4th), with its row count and, when the rows were cut at
 * `cap`, a header saying so.
 */
export function csvDownload(file: {
  name: string;
  day: BusinessDate;
  header: string[];
  rows: Cell[][];
  truncated: boolean;
  cap: number;
}): HttpResult {
  return {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${file.name}-${file.day}.csv"`,
      'X-Row-Count': String(file.rows.length),
      ...(file.truncated ? { 'X-Truncated': `first ${file.cap} rows; narrow the filters` } : {}),
    },
    text: toCsv(file.header, file.rows),
  };
}
