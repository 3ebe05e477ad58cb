/**
 * How a request's parts become chat messages, the same for every provider:
 * - the system instructions, joined by blank lines, are the one system message;
 * - the context texts and the prompt are one user message: each context text wrapped in
 *   `<context index="N">…</context>`, in order, then the prompt. One message rather than several
 *   keeps servers whose chat templates demand alternating roles (llama.cpp, vLLM) working.
 */
export function composeSystemMessage(systemInstructions: readonly string[]): string | null {
  const parts = systemInstructions.filter((instruction) => instruction.trim() !== '');
  return parts.length > 0 ? parts.join('\n\n') : null;
}

export function composeUserMessage(context: readonly string[], prompt: string): string {
  const blocks = context
    .filter((text) => text.trim() !== '')
    .map((text, index) => `<context index="${index + 1}">\n${text}\n</context>`);
  return [...blocks, prompt].join('\n\n');
}
