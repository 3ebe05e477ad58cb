import { describe, expect, it } from 'vitest';
import type { AppCommand } from '../../../../shared/contract';
import { deliverCommand, handleCommands } from './command-inbox';

describe('menu commands that arrive before the window can carry them out', () => {
  it('wait, in order, for the handler; then go straight to it; and wait again once it stops', () => {
    deliverCommand({ name: 'open-path', path: '/p' });
    deliverCommand({ name: 'open-run', runId: 'run_1' });
    const done: AppCommand[] = [];
    const stop = handleCommands((command) => done.push(command));
    expect(done).toEqual([
      { name: 'open-path', path: '/p' },
      { name: 'open-run', runId: 'run_1' },
    ]);
    deliverCommand({ name: 'show-runs' });
    expect(done).toHaveLength(3);
    stop();
    deliverCommand({ name: 'launch' });
    expect(done).toHaveLength(3);
    const later: AppCommand[] = [];
    handleCommands((command) => later.push(command));
    expect(later).toEqual([{ name: 'launch' }]);
  });
});
