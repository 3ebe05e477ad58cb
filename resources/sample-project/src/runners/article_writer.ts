import { defineRunner } from 'dad-run-inspector/engine';
import { articleWriter } from '../agents/article_writer/agent';

export const runner = defineRunner({
  definition: articleWriter,
  rootComponentId: 'article_writer',
  description: 'Drafts a short article section by section and commits it to the outcome repository.',
  timeoutSeconds: 600,
});
