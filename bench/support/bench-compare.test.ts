import { describe, expect, it } from 'vitest';
import { benchChangedFiles, benchOutcomeHistory } from './bench-compare';

// The figures themselves are for the benchmark run; here only that the helpers build and measure what they say.
describe('the comparison benchmarks, small', () => {
  it('builds a history of the asked size and times its pages', async () => {
    const result = await benchOutcomeHistory({ commits: 300, pageSize: 50 });
    expect(result).toMatchObject({ commits: 300, pageSize: 50 });
    expect(result.runBranches).toBeGreaterThan(2);
    expect(result.laneCount).toBeGreaterThan(1);
    for (const key of ['buildMs', 'firstScreenMs', 'firstPageMs', 'deepPageMs', 'cachedPageMs'] as const) {
      expect(result[key]).toBeGreaterThan(0);
    }
  });

  it('builds two runs whose outcomes differ in the asked number of files and compares them', async () => {
    const result = await benchChangedFiles({ files: 200, nodes: 5 });
    expect(result).toMatchObject({ files: 200, differing: 200, listedChanges: 200 });
    expect(result.compareRunsMs).toBeGreaterThan(0);
  });
});
