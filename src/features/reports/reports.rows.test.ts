import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db/database';
import { createTestApp, createUser, type TestApp } from '../../../test/helpers/app';
import type { DatasetRow } from './reports.models';
import { insertDataset, replacePeriod } from './reports.repository';
import { arrayLiteral, expandRows, RowColumnsBuilder } from './reports.rows';

const ROWS: DatasetRow[] = [
  {
    requestDate: '2025-01-03',
    receivedDate: '2025-01-10',
    status: 'filled',
    requestType: 'loan',
    direction: 'borrowing',
    partner: 'Riverside "University", Library',
    unfilledReason: null,
    cost: '12.50',
  },
  {
    requestDate: '2024-12-31',
    receivedDate: null,
    status: 'unfilled',
    requestType: 'copy',
    direction: 'lending',
    partner: 'NULL',
    unfilledReason: 'In use {back\\slash}',
    cost: null,
  },
  {
    requestDate: '2025-02-28',
    receivedDate: '2025-03-01',
    status: 'received',
    requestType: 'copy',
    direction: 'borrowing',
    partner: 'Riverside "University", Library',
    unfilledReason: null,
    cost: '999999999.99',
  },
];

function columns(rows: DatasetRow[]) {
  const b = new RowColumnsBuilder(rows.length);
  for (const r of rows) b.push(r);
  return b.build();
}

describe('rows held by column', () => {
  it('give back every value as read, repeated texts kept once', () => {
    const c = columns(ROWS);
    expect(expandRows(c)).toEqual(ROWS);
    expect(c.texts).toEqual(['Riverside "University", Library', 'NULL', 'In use {back\\slash}']);
    expect(() => new RowColumnsBuilder(0).push(ROWS[0]!)).toThrow(/more rows/);
  });

  it('write array literals PostgreSQL reads back exactly: quotes, commas, braces, backslashes, the text NULL', () => {
    expect(arrayLiteral(['a', null, 'NULL'])).toBe('{"a",NULL,"NULL"}');
  });

  describe('in the database', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(async () => {
      await t?.close();
    });

    it('are stored by replacePeriod as they were read, in batches', async () => {
      const owner = await createUser(t.database, { username: 'rows-owner' });
      const id = await insertDataset(t.database.db, {
        ownerId: owner.id,
        name: 'Rows',
        preset: 'custom',
        mapping: {},
        dropped: [],
        now: t.clock.now(),
      });
      // More rows than one batch, so the batch edges are crossed.
      const many = Array.from({ length: 2_503 }, (_, i) => ROWS[i % ROWS.length]!);
      await replacePeriod(t.database.db, id, { from: '2024-12-31', to: '2025-02-28' }, columns(many));
      const stored = rowsOf<Record<string, string | null>>(
        await t.database.db.execute(sql`select request_date::text as "requestDate", received_date::text as "receivedDate",
            status, request_type as "requestType", direction, partner, unfilled_reason as "unfilledReason", cost::text as cost
          from report_rows where dataset_id = ${id} order by id`),
      );
      expect(stored).toHaveLength(many.length);
      expect(stored.slice(0, 3)).toEqual(ROWS);
      expect(stored.at(-1)).toEqual(many.at(-1));
      // The same period again replaces, never duplicates.
      const again = await replacePeriod(t.database.db, id, { from: '2024-12-31', to: '2025-02-28' }, columns(ROWS));
      expect(again.replaced).toBe(many.length);
    });
  });
});
