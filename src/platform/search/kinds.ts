/**
 * The one registration point for kinds of searchable things: each feature module declares its kinds
 * (`FeatureModule.searchKinds`) and the hub registers them at start. Ranking reads `curated` (curated content
 * ranks above forum posts at equal relevance); the search page reads labels and order for its facets.
 */
export interface SearchKind {
  kind: string;
  label: string;
  plural: string;
  /** Edited, reviewed content (articles, glossary, systems…) rather than conversation (forum posts). */
  curated: boolean;
  /** Facet order on the results page (lower first). */
  order: number;
}

const registry = new Map<string, SearchKind>();

/** Register (or replace) kinds; idempotent, so every hub built in one process may call it. */
export function registerSearchKinds(kinds: readonly SearchKind[]): void {
  for (const k of kinds) registry.set(k.kind, k);
}

export function searchKinds(): SearchKind[] {
  return [...registry.values()].sort((a, b) => a.order - b.order || a.label.localeCompare(b.label));
}

export function searchKind(kind: string): SearchKind | undefined {
  return registry.get(kind);
}

/** Unregistered kinds count as curated unless declared otherwise: only conversation opts out. */
export function isCuratedKind(kind: string): boolean {
  return registry.get(kind)?.curated ?? true;
}

/** The label for a facet: the registered plural, else the kind itself. */
export function kindLabel(kind: string): string {
  return registry.get(kind)?.plural ?? kind;
}
