import ExcelJS from 'exceljs';

/**
 * A synthetic WorldShare ILL export as an Excel workbook, built at test time (no binary file in the repository):
 * the rows of content/reports/samples/worldshare.csv with real date and number cells, patron columns included.
 * One partner cell is a formula with no stored result (it must be read as its text, never run); one cost is a
 * formula whose stored result is 12 (the CSV sample has 0.00). `notes: true` puts an "About" sheet first, so the
 * member must choose; `badStatus: true` adds a row with a status nobody knows.
 */
export async function worldshareWorkbook(options: { notes?: boolean; badStatus?: boolean } = {}): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  if (options.notes) {
    const about = workbook.addWorksheet('About');
    about.addRow(['Exported from WorldShare ILL']);
    about.addRow(['Rows', { formula: 'COUNTA(Requests!A:A)-1' }]);
  }
  const sheet = workbook.addWorksheet('Requests');
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
  sheet.addRow([
    'Request ID',
    'Requested On',
    'Status',
    'Type',
    'Role',
    'Partner',
    'Date Received',
    'Reason For No',
    'Cost',
    'Patron Name',
    'Patron Email',
  ]);
  const rows: ExcelJS.CellValue[][] = [
    [
      384120001,
      day('2025-01-06'),
      'Closed - Filled',
      'Loan',
      'Borrower',
      'OCL',
      day('2025-01-14'),
      null,
      { formula: '6*2', result: 12 },
      'Jane Doe',
      'jane.doe@example.edu',
    ],
    [
      384120002,
      day('2025-01-08'),
      'Closed - Unfilled',
      'Copy',
      'Borrower',
      'ZAP',
      null,
      'Not on shelf',
      null,
      'Amir Khan',
      'akhan@example.edu',
    ],
    [
      384120003,
      day('2025-01-20'),
      'Closed - Filled',
      'Copy',
      'Lender',
      { formula: 'HYPERLINK("http://example.test","XYZ")' },
      day('2025-01-21'),
      null,
      5,
      null,
      null,
    ],
    [384120004, day('2025-02-03'), 'In Transit', 'Loan', 'Lender', 'OCL', null, null, null, null, null],
    [384120005, day('2025-02-11'), 'Closed - Unfilled', 'Loan', 'Lender', 'QRS', null, 'In use', null, null, null],
    [
      384120006,
      day('2025-02-14'),
      'Closed - Filled',
      'Loan',
      'Borrower',
      'XYZ',
      day('2025-02-28'),
      null,
      18,
      'Lee Chan',
      'lee.chan@example.edu',
    ],
  ];
  if (options.badStatus)
    rows.push([384120007, day('2025-02-20'), 'Lost in space', 'Loan', 'Borrower', 'OCL', null, null, null, null, null]);
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
