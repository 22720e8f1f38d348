import { Hono } from 'hono';
import type { AppEnv } from '../../platform/http/context';
import { editingRoutes } from './library.editing.routes';
import { fileRoutes } from './library.files.routes';
import { readingRoutes } from './library.routes';

/** The library: topics, articles with revisions, the glossary and files. */
export const libraryRoutes = new Hono<AppEnv>();
// Editing routes first: "/articles/new" must win over "/articles/:slug".
libraryRoutes.route('/', editingRoutes);
libraryRoutes.route('/', fileRoutes);
libraryRoutes.route('/', readingRoutes);

export { ARTICLE_TYPE_LABELS, AUDIENCE_LABELS, ARTICLE_TYPES, AUDIENCES } from './library.models';
export type { Topic } from './library.models';
export { listTopics } from './library.repository';
export { loadStarterContent, readStarterContent } from './starter-content';
export { ARTICLE_KIND } from './library.search';
