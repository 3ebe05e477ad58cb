import { stringOption } from '../args';
import { EXIT_OK, type CliCommand } from '../command';
import { PROJECT_ROOT_OPTION, projectRootFrom } from '../project-option';

export const command: CliCommand = {
  name: 'agent create',
  summary:
    'Add an agent from a template that runs offline: src/agents/<id>/agent.ts and src/runners/<id>.ts.',
  positionals: [{ name: 'name', description: 'the agent id: letters, digits and _ (spaces and - become _)' }],
  options: { 'project-root': PROJECT_ROOT_OPTION },
  async run(args, io) {
    const root = projectRootFrom(stringOption(args, 'project-root'), io.cwd);
    const { createAgent } = await import('../../project/scaffold');
    const agent = await createAgent(root, args.positionals[0] as string);
    io.print(`added agent "${agent.agentId}" to ${root}`);
    for (const file of agent.files) io.print(`  ${file}`);
    io.print('');
    io.print(`Run it with: dad agent run ${agent.agentId}`);
    return EXIT_OK;
  },
};
