import { agentDef, flowDef, nodeDef } from 'dad-run-inspector/engine';
import { assembleArticle, composeArticle, planArticle, sectionFile } from './article-text';

/**
 * article_writer: outline → opening paragraph → one model call per section (a loop) → the
 * article assembled and its words counted (callbacks) → a summary only for a long article (a
 * conditional) → a sub-flow that writes the article into the outcome repository and commits it.
 *
 * Every model call runs offline on the local provider (answers from
 * `.dhenara/fixtures/model-responses.yaml`), or on a real model when a key is set.
 */

const plan = '$hier{plan}.outcome.callable_result';

/** The body of the loop: one section written, then kept in the outcome repository for `assemble`. */
const writeSection = flowDef()
  .node(
    'write_section',
    nodeDef('ai_model_call', {
      prompt:
        `Write the section "$var{item}" of the article "$expr{${plan}.title}": ` +
        'one paragraph of about 70 words, no heading.',
      system_instructions: ['You write clear, warm prose for a general audience. Plain text only.'],
      context: ['$expr{$hier{outline}.outcome.text}', '$expr{$hier{draft}.outcome.text}'],
      model_options: { max_tokens: 300 },
    }),
  )
  .node(
    'save_section',
    nodeDef('file_operation', {
      base_directory: '$var{outcome_repo_dir}',
      allowed_directories: ['articles'],
      operations: [
        {
          type: 'create_file',
          path: sectionFile(`$expr{${plan}.slug}`, '$var{index}'),
          content: '$expr{$hier{write_section}.outcome.text}',
          overwrite: true,
        },
      ],
    }),
  );

/** Writes the article and commits it, with the summary the branch that runs it passes in. */
const publish = flowDef()
  .callback('compose', composeArticle, {
    markdown: '$expr{$hier{assemble}.outcome.callable_result.markdown}',
    summary: '$var{summary}',
  })
  .node(
    'write_article',
    nodeDef('file_operation', {
      base_directory: '$var{outcome_repo_dir}',
      allowed_directories: ['articles'],
      operations: [
        {
          type: 'create_file',
          path: `articles/$expr{${plan}.slug}/article.md`,
          content: '$expr{$hier{compose}.outcome.callable_result}',
          overwrite: true,
        },
      ],
      commit: true,
      commit_message: `Add the article "$expr{${plan}.title}"`,
    }),
  );

const withSummary = flowDef()
  .node(
    'summary',
    nodeDef('ai_model_call', {
      prompt: `Summarise the article "$expr{${plan}.title}" in two sentences for a reader in a hurry.`,
      context: ['$expr{$hier{assemble}.outcome.callable_result.markdown}'],
      model_options: { max_tokens: 150 },
    }),
  )
  .subflow('publish', publish, { summary: '$expr{$hier{summary}.outcome.text}' });

const withoutSummary = flowDef().subflow('publish', publish, { summary: '' });

const main = flowDef()
  .vars({ default_topic: 'growing herbs on a kitchen windowsill', summary_from_words: 150 })
  .node(
    'outline',
    nodeDef('ai_model_call', {
      prompt: 'Outline a short article about {topic}. Give it a title and three or four section headings.',
      system_instructions: [
        'You plan short, friendly articles for a general audience.',
        'If the prompt still reads "about {topic}" literally, no topic was chosen: write about $var{default_topic}.',
      ],
      structured_output: {
        name: 'outline',
        schema: {
          type: 'object',
          properties: {
            title: { type: 'string' },
            sections: { type: 'array', items: { type: 'string' } },
          },
          required: ['title', 'sections'],
          additionalProperties: false,
        },
      },
      model_options: { max_tokens: 300 },
    }),
  )
  .node(
    'draft',
    nodeDef('ai_model_call', {
      prompt:
        'Write the opening paragraph of the article "$expr{$hier{outline}.outcome.structured.title}" ' +
        'outlined in the context: three sentences that make a reader want to go on.',
      context: ['$expr{$hier{outline}.outcome.text}'],
      model_options: { max_tokens: 200 },
    }),
  )
  .callback('plan', planArticle, {
    title: '$expr{$hier{outline}.outcome.structured.title}',
    sections: '$expr{$hier{outline}.outcome.structured.sections}',
  })
  .forEach('sections', `$expr{${plan}.sections}`, writeSection, { itemVar: 'item', indexVar: 'index' })
  .callback('assemble', assembleArticle, {
    title: `$expr{${plan}.title}`,
    slug: `$expr{${plan}.slug}`,
    sections: `$expr{${plan}.sections}`,
    intro: '$expr{$hier{draft}.outcome.text}',
  })
  .conditional(
    'length_check',
    '$expr{$hier{assemble}.outcome.callable_result.word_count >= summary_from_words}',
    withSummary,
    withoutSummary,
  );

export const articleWriter = agentDef().flow('main', main);
