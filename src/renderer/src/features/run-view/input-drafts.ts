/**
 * What the user typed in each node's input form, kept while the window lives: a form that goes
 * away and comes back (a reconnect resends the run's requests) starts from the text left in it.
 */
const drafts = new Map<string, string>();

function keyOf(runId: string, hierarchyPath: string): string {
  return `${runId}\n${hierarchyPath}`;
}

export function inputDraft(runId: string, hierarchyPath: string): string | undefined {
  return drafts.get(keyOf(runId, hierarchyPath));
}

export function keepInputDraft(runId: string, hierarchyPath: string, text: string): void {
  drafts.set(keyOf(runId, hierarchyPath), text);
}

/** Forgets a draft once its input was accepted. */
export function dropInputDraft(runId: string, hierarchyPath: string): void {
  drafts.delete(keyOf(runId, hierarchyPath));
}
