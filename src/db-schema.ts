// Every table, for drizzle-kit and for the typed query builder. Lives outside
// platform/ because it gathers feature tables too.
export * from './features/community/community.table';
export * from './features/drafts/drafts.table';
export * from './features/events/events.table';
export * from './features/events/events.occurrences.table';
export * from './features/events/events.calendar-keys.table';
export * from './features/events/events.questions.table';
export * from './features/groups/groups.table';
export * from './features/library/library.table';
export * from './features/notifications/notifications.table';
export * from './features/people/people.table';
export * from './platform/auth/auth.table';
export * from './platform/auth/suspensions.table';
export * from './platform/db/app-state.table';
export * from './platform/events/events.table';
export * from './platform/http/rate-limit.table';
export * from './platform/jobs/jobs.table';
export * from './platform/search/search.table';
export * from './features/workflows/workflows.table';
export * from './features/systems/systems.table';
export * from './features/resources/resources.table';
export * from './features/reports/reports.table';
export * from './features/reports/reports.compose.table';
export * from './features/reports/reports.peers.table';
export * from './features/reports/reports.assessment.table';
export * from './features/reports/reports.recipes.table';
export * from './features/learning/learning.table';
