-- PGlite has no autovacuum, so GIN pending lists were never merged and every
-- search scanned them. Insert straight into the index instead (writes are rare).
ALTER INDEX "search_documents_tsv_idx" SET (fastupdate = off);--> statement-breakpoint
ALTER INDEX "search_documents_title_tsv_idx" SET (fastupdate = off);--> statement-breakpoint
ALTER INDEX "search_documents_topics_idx" SET (fastupdate = off);--> statement-breakpoint
ALTER INDEX "search_words_trgm_idx" SET (fastupdate = off);--> statement-breakpoint
ALTER INDEX "articles_topics_idx" SET (fastupdate = off);--> statement-breakpoint
SELECT gin_clean_pending_list(i::regclass) FROM unnest(array['search_documents_tsv_idx', 'search_documents_title_tsv_idx', 'search_documents_topics_idx', 'search_words_trgm_idx', 'articles_topics_idx']) AS i;
