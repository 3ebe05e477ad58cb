import { relative, resolve } from 'node:path';
import { stringOption } from '../args';
import { EXIT_OK, type CliCommand } from '../command';

export const command: CliCommand = {
  name: 'startproject',
  summary: 'Make a new DAD project: .dhenara/config.yaml, .gitignore, src/agents, src/runners and a README.',
  positionals: [
    { name: 'name', description: 'the project name; its folder and identifier are made from it' },
  ],
  options: {
    dir: {
      type: 'string',
      valueName: 'PATH',
      description: 'where to make the project folder (default: here)',
    },
  },
  async run(args, io) {
    const { createProject } = await import('../../project/scaffold');
    const name = args.positionals[0] as string;
    const parent = resolve(io.cwd, stringOption(args, 'dir') ?? '.');
    const project = await createProject(parent, name);
    const shown = relative(io.cwd, project.root) || '.';
    io.print(`made project "${name.trim()}" (identifier ${project.identifier}) in ${project.root}`);
    for (const file of project.files) io.print(`  ${file}`);
    io.print('');
    io.print('Next:');
    io.print(`  cd ${shown}`);
    io.print('  dad agent create my_agent');
    io.print('  dad agent run my_agent');
    return EXIT_OK;
  },
};
