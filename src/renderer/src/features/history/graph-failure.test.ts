import { describe, expect, it } from 'vitest';
import { describeGraphFailure } from './graph-failure';

describe('describeGraphFailure', () => {
  it('tells a project without an outcome repository apart from a broken one', () => {
    const missing = describeGraphFailure({
      code: 'outcome_repo_error',
      message:
        'dad:outcome.graph: the outcome repository /p/runs/outcome/sample does not exist: no run of project ' +
        'sample has kept outcomes there, or the folder was moved or deleted',
    });
    expect(missing.kind).toBe('none_yet');

    const broken = describeGraphFailure({
      code: 'outcome_repo_error',
      message:
        'dad:outcome.graph: the folder /p/runs/outcome/sample exists but is not a git repository, so it ' +
        'cannot hold run outcomes: fatal: not a git repository',
    });
    expect(broken.kind).toBe('broken');
    expect(broken.title).toMatch(/could not be read/);
  });

  it('reports any other failure as a failed call', () => {
    expect(describeGraphFailure({ code: 'ipc_failed', message: 'outcomeGraph: socket closed' }).kind).toBe(
      'failed',
    );
  });
});
