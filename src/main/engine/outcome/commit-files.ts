import type { CommitFiles } from '../../../shared/compare-data';
import { OutcomeRepositoryError } from '../errors';
import { assertCommitId, lookUpObjects } from './blob-reader';
import { parseNameStatus } from './name-status';
import type { GitCommand } from './repository-git';

/** The files a commit changed against its first parent (against nothing for a root commit). */
export async function readCommitFiles(
  run: GitCommand,
  repositoryDir: string,
  sha: string,
): Promise<CommitFiles> {
  const source = `the files of commit ${sha} in ${repositoryDir}`;
  assertCommitId(sha, source);
  const [commit] = await lookUpObjects(run, repositoryDir, [`${sha}^{commit}`]);
  if (commit === null) {
    throw new OutcomeRepositoryError(`commit ${sha} is not in the outcome repository ${repositoryDir}`);
  }
  const line = (
    await run(repositoryDir, ['rev-list', '--parents', '--max-count=1', commit.oid, '--'])
  ).trim();
  const [fullSha, parentSha = null] = line.split(' ');
  const range = parentSha === null ? ['--root', fullSha] : [parentSha, fullSha];
  const output = await run(repositoryDir, [
    'diff-tree',
    '-r',
    '-z',
    '-M',
    '--no-commit-id',
    '--name-status',
    '--no-color',
    '--no-ext-diff',
    ...range,
  ]);
  return { sha: fullSha, parentSha, files: parseNameStatus(output, source) };
}

/** The full id of commit `sha` and of its first parent (null for a root commit). */
export async function firstParentOf(
  run: GitCommand,
  repositoryDir: string,
  sha: string,
): Promise<{ sha: string; parentSha: string | null }> {
  assertCommitId(sha, `the commit asked for in ${repositoryDir}`);
  const [commit] = await lookUpObjects(run, repositoryDir, [`${sha}^{commit}`]);
  if (commit === null) {
    throw new OutcomeRepositoryError(`commit ${sha} is not in the outcome repository ${repositoryDir}`);
  }
  const line = (
    await run(repositoryDir, ['rev-list', '--parents', '--max-count=1', commit.oid, '--'])
  ).trim();
  const [fullSha, parentSha = null] = line.split(' ');
  return { sha: fullSha, parentSha };
}
