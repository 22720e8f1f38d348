import { assertMayAct } from '../../platform/auth/standing';
import { authorize, hasRole } from '../../platform/authz/policy';
import { AppError } from '../../platform/http/errors';
import { markSearchChanged } from '../../platform/search/search';
import { insertSynonymRevision, parseSynonyms, SynonymError } from '../../platform/search/synonyms';
import type { UseCaseContext } from '../../platform/usecase';

export const SYNONYM_NOTE_MAX = 200;

export const synonymErrors = {
  invalid: (problems: string[]) =>
    new AppError('search.synonyms_invalid', 400, `The dictionary was not saved: ${problems.slice(0, 5).join('; ')}`, {
      title: 'Check the dictionary',
    }),
};

/** Who may edit the search dictionary: editors and above. */
export const synonymPolicies = {
  edit: (actor: UseCaseContext['actor']) => hasRole(actor, 'editor'),
};

/** Save the dictionary as a new revision: checked first, applied to every search once committed. */
export async function saveSynonyms({
  db,
  actor,
  now,
  yaml,
  note,
}: UseCaseContext & { yaml: string; note: string }): Promise<{ revisionId: number }> {
  await assertMayAct(db, actor, now);
  authorize(actor, synonymPolicies.edit(actor), 'Only editors can change the search dictionary.');
  try {
    parseSynonyms(yaml);
  } catch (error) {
    if (error instanceof SynonymError) throw synonymErrors.invalid(error.problems);
    throw error;
  }
  return db.transaction(async (tx) => {
    const revisionId = await insertSynonymRevision(tx, {
      yaml,
      note: note.trim().slice(0, SYNONYM_NOTE_MAX),
      authorId: actor.id,
      now,
    });
    await markSearchChanged(tx);
    return { revisionId };
  });
}
