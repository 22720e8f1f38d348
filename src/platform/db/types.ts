import { customType } from 'drizzle-orm/pg-core';

/** Postgres `tsvector`, written only by generated columns. */
export const tsvector = customType<{ data: string }>({
  dataType() {
    return 'tsvector';
  },
});

export const timestamps = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const;
