/** The files `dad startproject` and `dad agent create` write. */

export function configYaml(name: string, identifier: string): string {
  return [
    'project:',
    `  name: ${JSON.stringify(name)}`,
    `  identifier: ${identifier}`,
    '  description: ""',
    '  version: "0.1.0"',
    '',
  ].join('\n');
}

export const PROJECT_GITIGNORE = [
  '# run directories and the outcome repository',
  'runs/',
  '# API keys: never commit them',
  '.dhenara/.secrets/',
  'node_modules/',
  '',
].join('\n');

export function projectReadme(name: string): string {
  return `# ${name}

A DAD project: agents live in \`src/agents/<id>/\`, and each runs through \`src/runners/<id>.ts\`,
which exports \`runner = defineRunner({...})\`.

\`\`\`sh
dad agent create my_agent          # add an agent from a template
dad agent run my_agent             # run it; prints the run id and its directory
dad runs list                      # the runs of this project
dad runs show <run_id>             # one run: its metadata and its node tree
\`\`\`

Runs are written to \`runs/<run_id>/\`; what agents produce goes to the outcome repository
\`runs/outcome/<identifier>/\`, one branch \`run/<run_id>\` per run.

Without an API key every model call is answered by the local deterministic provider, so agents
run offline. To call a real model, set \`OPENAI_API_KEY\` or \`ANTHROPIC_API_KEY\`, or write them
to \`.dhenara/.secrets/.credentials.yaml\` (git-ignored):

\`\`\`yaml
openai:
  api_key: sk-...
anthropic:
  api_key: sk-ant-...
\`\`\`
`;
}

export function agentTemplate(agentId: string): string {
  return `import { agentDef, flowDef, nodeDef } from 'dad-run-inspector/engine';

/** A first flow: ask a model, then count the words of its answer. */
const main = flowDef()
  .node(
    'ask',
    nodeDef('ai_model_call', {
      prompt: 'In three sentences, say what an agent called "${agentId}" could do for me.',
      system_instructions: ['You are a helpful assistant. Answer plainly.'],
    }),
  )
  .callback(
    'count_words',
    (args) => String(args.text ?? '').split(/\\s+/).filter(Boolean).length,
    { text: '$expr{$hier{ask}.outcome.text}' },
  );

export const agent = agentDef().flow('main', main);
`;
}

export function runnerTemplate(agentId: string): string {
  return `import { defineRunner } from 'dad-run-inspector/engine';
import { agent } from '../agents/${agentId}/agent';

export const runner = defineRunner({
  definition: agent,
  rootComponentId: '${agentId}',
  description: 'Asks a model one question and counts the words of the answer.',
});
`;
}
