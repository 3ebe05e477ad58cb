import { describe, expect, it } from 'vitest';
import { flowDef } from './index';
import { defineRunner, MAX_TIMEOUT_SECONDS } from './runner-spec';

const definition = flowDef().callback('work', () => 'done');

describe('defineRunner', () => {
  it('refuses a timeout no timer can keep, naming the option', () => {
    for (const timeoutSeconds of [Infinity, Number.NaN, 0, -5, MAX_TIMEOUT_SECONDS + 1]) {
      expect(() => defineRunner({ definition, rootComponentId: 'r', timeoutSeconds })).toThrow(
        /defineRunner: timeoutSeconds must be a number of seconds above 0/,
      );
    }
    expect(defineRunner({ definition, rootComponentId: 'r', timeoutSeconds: 90 }).timeoutSeconds).toBe(90);
  });

  it('refuses a memory limit under 16 MB', () => {
    expect(() => defineRunner({ definition, rootComponentId: 'r', memoryLimitMb: 8 })).toThrow(
      /memoryLimitMb must be a whole number of megabytes, at least 16/,
    );
  });
});
