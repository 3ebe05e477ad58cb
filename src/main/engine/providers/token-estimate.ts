import type { ModelUsage } from './types';

/** Roughly four characters a token for English text: `ceil(characters / 4)`. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function estimatedUsage(promptText: string, answerText: string): ModelUsage {
  const promptTokens = estimateTokens(promptText);
  const completionTokens = estimateTokens(answerText);
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
}
