/**
 * Systems: vendor-neutral pages per ILL system, the vendor right of reply and the interoperability matrix. Uses
 * groups (maintaining group), library (articles), workflows, events and community (forum category, and the
 * labelled vendor replies in it) through their index files; nothing uses it but the module list.
 *
 * Public API:
 * - `systemsModule`: the feature module (routes under /systems, starter pages from content/systems).
 * - `SYSTEMS_KIND`: the kind of its documents in the hub's search index.
 */
import { provideVendorVoices } from '../community';
import { vendorVoiceInCategory } from './systems.vendor';

// The forum asks here who may label a reply as a maker's response, and in which category.
provideVendorVoices(vendorVoiceInCategory);

export { systemsModule } from './systems.module';
export { SYSTEMS_KIND } from './systems.models';
