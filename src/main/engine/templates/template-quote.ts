const LONGEST_QUOTED_TEMPLATE = 120;

/** `template "<text>"` for messages; a very long template is cut so the message stays readable. */
export function quoteTemplate(template: string): string {
  const shown =
    template.length > LONGEST_QUOTED_TEMPLATE ? `${template.slice(0, LONGEST_QUOTED_TEMPLATE)}…` : template;
  return `template "${shown}"`;
}
