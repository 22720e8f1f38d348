/**
 * Systems: vendor-neutral pages per ILL system, the vendor right of reply and the interoperability matrix. Uses
 * groups (maintaining group), library (articles), workflows, events and community (forum category) through their
 * index files; nothing uses it but the module list.
 *
 * Public API:
 * - `systemsModule`: the feature module (routes under /systems, starter pages from content/systems).
 * - `SYSTEMS_KIND`: the kind of its documents in the hub's search index.
 */
export { systemsModule } from './systems.module';
export { SYSTEMS_KIND } from './systems.models';
