/**
 * What the sample project's agents produce offline: the local provider answers every model call
 * from resources/sample-project/.dhenara/fixtures/model-responses.yaml.
 */
export const ARTICLE_WRITER = {
  agentId: 'article_writer',
  /** The outline's answer when no topic is given. */
  outlineTitle: 'Herbs on the Windowsill',
  outlineSections: [
    'Choosing your herbs',
    'Light, pots and soil',
    'Watering without drowning',
    'Harvesting little and often',
  ],
  /** The start of the opening paragraph (`draft`). */
  draftOpening: 'A pot of basil on the kitchen windowsill is the smallest garden there is',
  /** Where the published article is written in the outcome repository. */
  articlePath: 'articles/herbs-on-the-windowsill/article.md',
} as const;

export const FOLDER_REPORT = {
  agentId: 'folder_report',
  /** Its command node; its `commands` can be replaced through the static inputs. */
  commandNodeId: 'line_counts',
} as const;

export const SAMPLE_PROJECT_NAME = 'Sample project';
