/**
 * CSV that Excel opens with Vietnamese intact: UTF-8 with a byte-order mark, CRLF line
 * ends, every field quoted. A cell that starts like a formula (= + - @) is prefixed with
 * an apostrophe, so a crafted title cannot run in an official's spreadsheet.
 */
export function toCsv(header: string[], rows: (string | number | undefined)[][]): string {
  const cell = (value: string | number | undefined) => {
    let text = value === undefined ? '' : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return `"${text.replace(/"/g, '""')}"`;
  };
  const lines = [header, ...rows].map((row) => row.map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
