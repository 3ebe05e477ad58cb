import { describe, expect, it } from 'vitest';
import { readableMessage } from './ErrorBanner';

describe('readableMessage', () => {
  it('leaves out the channel a message came through', () => {
    expect(
      readableMessage('dad:outcome.run-commits: the outcome repository /p/runs/outcome/p does not exist'),
    ).toBe('the outcome repository /p/runs/outcome/p does not exist');
    expect(readableMessage('dad:run.summary: run "r1" is gone')).toBe('run "r1" is gone');
  });

  it('keeps a message that names no channel as it is, colons and all', () => {
    expect(readableMessage('outcomeGraph: socket closed')).toBe('outcomeGraph: socket closed');
    expect(readableMessage('line 3: expected "dad:" at the start')).toBe(
      'line 3: expected "dad:" at the start',
    );
  });
});
