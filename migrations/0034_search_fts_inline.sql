-- The ranking vector (~2.4 KB) is kept in the row, not in the TOAST table: every search reads it for each candidate
-- (ranking, and phrase checks the index cannot make), and fetching it out of line cost five times as much.
-- Rows written before this keep their out-of-line copy until re-indexed or moved by the hub in the background
-- (platform/search/search.storage.ts, docs/decisions/040).
ALTER TABLE "search_documents" ALTER COLUMN "fts" SET STORAGE MAIN;
