/**
 * Outside resources: a catalogue of ILL material kept elsewhere, the lender directory by country, and the link
 * checker over the catalogue and every external link inside articles. Uses library (topics, article links) and
 * groups (maintaining groups) through their index files; nothing uses it but the module list.
 *
 * Public API:
 * - `resourcesModule`: the feature module (routes under /resources, the records seeded once from the content files,
 *   search kinds, the hourly link-check job, and the "Broken links" and "past their review date" lines on
 *   content-health pages).
 * - `RESOURCE_KIND`, `LENDER_COUNTRY_KIND`: the kinds of its documents in the hub's search index.
 */
export { resourcesModule } from './resources.module';
export { LENDER_COUNTRY_KIND, RESOURCE_KIND } from './resources.models';
