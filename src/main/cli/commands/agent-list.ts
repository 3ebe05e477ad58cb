import { booleanOption, stringOption } from '../args';
import { EXIT_OK, type CliCommand } from '../command';
import { table } from '../format';
import { PROJECT_ROOT_OPTION, projectRootFrom } from '../project-option';

export const command: CliCommand = {
  name: 'agent list',
  summary: "List the project's agents (src/runners/<id>.ts) with their descriptions, without running them.",
  positionals: [],
  options: {
    'project-root': PROJECT_ROOT_OPTION,
    json: { type: 'boolean', description: 'print JSON' },
  },
  async run(args, io) {
    const root = projectRootFrom(stringOption(args, 'project-root'), io.cwd);
    const { listAgents } = await import('../../project/list-agents');
    const agents = await listAgents(root);
    if (booleanOption(args, 'json')) {
      io.print(JSON.stringify(agents, null, 2));
      return EXIT_OK;
    }
    if (agents.length === 0) {
      io.print(`no agents in ${root} yet; add one with \`dad agent create <name>\``);
      return EXIT_OK;
    }
    for (const line of table(
      ['AGENT', 'DESCRIPTION'],
      agents.map((agent) => [agent.id, agent.description ?? '']),
    ))
      io.print(line);
    return EXIT_OK;
  },
};
