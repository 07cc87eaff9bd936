// What every design edit command returns: the new document, or the reason it was refused (in the admin's words).
import type { DesignDocument } from '../model/types';

export type EditResult =
  | {
      readonly ok: true;
      readonly doc: DesignDocument;
      /** Ids of the objects the command created (the editor selects them). */
      readonly created: readonly string[];
      /** Side effects worth telling the admin ("EX5 left DAG DAG1"), and parts that were refused. */
      readonly notes: readonly string[];
    }
  | { readonly ok: false; readonly reason: string };

export function done(doc: DesignDocument, created: readonly string[] = [], notes: readonly string[] = []): EditResult {
  return { ok: true, doc, created, notes };
}

export function refuse(reason: string): EditResult {
  return { ok: false, reason };
}
