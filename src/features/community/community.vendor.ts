import type { Actor } from '../../platform/auth/actor';
import type { DbOrTx } from '../../platform/db/database';
import type { Category, Thread } from './community.models';
import { communityPolicies } from './community.policies';
import * as repo from './community.repository';

/** Who a member may speak for in one category: a system's maker, as verified by an administrator. */
export interface VendorVoice {
  /** The system (vocabulary slug) whose forum category this is. */
  systemSlug: string;
  /** The organisation the label names: "Vendor response · <organisation>". */
  organisation: string;
}

/**
 * The vendor right of reply in threads: the systems feature knows which accounts speak for which system's maker
 * and which forum category belongs to which system; the forum knows neither and asks it here (the systems module
 * provides the source; without it nobody may label a reply).
 */
export type VendorVoiceSource = (
  db: DbOrTx,
  userId: number,
  category: Pick<Category, 'id' | 'slug'>,
) => Promise<VendorVoice | undefined>;

let source: VendorVoiceSource | undefined;

export function provideVendorVoices(provider: VendorVoiceSource): void {
  source = provider;
}

/** The maker this member may speak for in this category, if any (for the use case's rule and the reply form). */
export async function vendorVoiceFor(
  db: DbOrTx,
  actor: Actor | null,
  category: Pick<Category, 'id' | 'slug'>,
): Promise<VendorVoice | undefined> {
  if (!actor || !source) return undefined;
  return source(db, actor.id, category);
}

/** The maker a member may speak for in a thread's category: for the posting use case's rule and the reply form. */
export async function vendorVoiceIn(
  db: DbOrTx,
  actor: Actor | null,
  thread: Pick<Thread, 'categoryId'>,
): Promise<VendorVoice | undefined> {
  if (!communityPolicies.post(actor)) return undefined;
  const category = await repo.findCategoryById(db, thread.categoryId);
  return category ? vendorVoiceFor(db, actor, category) : undefined;
}

/** The words of the label, the same on the thread page, in live updates and in the feed. */
export function vendorLabel(vendorName: string): string {
  return `Vendor response · ${vendorName}`;
}
