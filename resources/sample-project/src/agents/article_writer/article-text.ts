import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CallbackFunction } from 'dad-run-inspector/engine';

/** At most this many sections are written, whatever the outline asks for. */
export const MAX_SECTIONS = 4;

/** Where a section's text is kept in the outcome repository while the article is written. */
/** `index` may be a template (`$var{index}`) when the path goes into a node's settings. */
export function sectionFile(slug: string, index: number | string): string {
  return `articles/${slug}/sections/${index}.md`;
}

export function slugOf(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'article';
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** Callback `plan`: the outline's title and sections, cleaned, and the folder name of the article. */
export const planArticle: CallbackFunction = (args) => {
  const title = String(args.title ?? '').trim() || 'Untitled';
  const sections = (Array.isArray(args.sections) ? args.sections : [])
    .map((section) => String(section).trim())
    .filter((section) => section !== '')
    .slice(0, MAX_SECTIONS);
  if (sections.length === 0) throw new Error('the outline has no sections to write');
  return { title, slug: slugOf(title), sections };
};

/** Callback `assemble`: title, opening and the sections saved by the loop, as one Markdown text. */
export const assembleArticle: CallbackFunction = async (args, context) => {
  if (!context.outcomeRepoDir) throw new Error('assemble needs the outcome repository (enableOutcomeRepo)');
  const slug = String(args.slug);
  const headings = (args.sections as unknown[]).map(String);
  const parts = [`# ${String(args.title)}`, String(args.intro ?? '').trim()];
  for (const [index, heading] of headings.entries()) {
    const text = await readFile(join(context.outcomeRepoDir, sectionFile(slug, index)), 'utf8');
    parts.push(`## ${heading}`, text.trim());
  }
  const markdown = `${parts.join('\n\n')}\n`;
  context.log('info', `assembled ${headings.length} sections`, { slug });
  return { markdown, word_count: countWords(markdown), sections: headings.length };
};

/** Callback `compose`: the article as published, with its summary (when there is one) under the title. */
export const composeArticle: CallbackFunction = (args) => {
  const markdown = String(args.markdown);
  const summary = String(args.summary ?? '').trim();
  if (summary === '') return markdown;
  const [title, ...rest] = markdown.split('\n\n');
  const quoted = summary
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  return [title, quoted, ...rest].join('\n\n');
};
