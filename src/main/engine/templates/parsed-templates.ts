import { BoundedCache } from './bounded-cache';
import { scanTemplates, type ParsedTemplate } from './template-scanner';

/** The same settings render on every loop iteration, so each distinct string is parsed once. */
export const PARSED_TEMPLATE_CACHE_LIMIT = 1000;

const parsedTemplates = new BoundedCache<string, ParsedTemplate>(PARSED_TEMPLATE_CACHE_LIMIT);

/** The parsed form of `text`, from the cache when it was parsed before. Text that fails to parse is not cached. */
export function parsedTemplateFor(text: string): ParsedTemplate {
  let parsed = parsedTemplates.get(text);
  if (parsed === undefined) {
    parsed = scanTemplates(text);
    parsedTemplates.set(text, parsed);
  }
  return parsed;
}
