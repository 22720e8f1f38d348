/**
 * CSV for downloads (RFC 4180, CRLF line ends). A cell starting with = + - @ (or a tab or CR) is prefixed with an
 * apostrophe, so a spreadsheet opening the file shows it as text and never runs it as a formula.
 */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) || s.startsWith("'") ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows of cells as a CSV document. */
export function csvDocument(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
