import { z } from 'zod';

export const DEFAULT_TIMEOUT_SECONDS = 60;
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

const envVarsSchema = z.record(z.string(), z.string());

export const commandSettingsSchema = z.strictObject({
  commands: z.array(z.string().min(1)).min(1),
  /** Relative to the project root unless absolute; the run directory when left out (as DAD does). */
  working_dir: z.string().min(1).optional(),
  env_vars: envVarsSchema.optional(),
  /** Seconds per command. */
  timeout: z.number().positive().optional(),
  fail_fast: z.boolean().optional(),
  shell: z.boolean().optional(),
  /** Per stream (stdout, stderr) of each command. */
  max_output_bytes: z.number().int().positive().optional(),
});
export type CommandSettings = z.infer<typeof commandSettingsSchema>;

export const commandInputSchema = z.strictObject({
  /** Merged over the settings' env_vars. */
  env_vars: envVarsSchema.optional(),
  /** Replaces the settings' commands. */
  commands: z.array(z.string().min(1)).min(1).optional(),
});
export type CommandInput = z.infer<typeof commandInputSchema>;

/** What the node runs with once settings, input and defaults are combined. */
export interface ResolvedCommandSettings {
  commands: string[];
  workingDir: string | undefined;
  envVars: Record<string, string>;
  timeoutSeconds: number;
  failFast: boolean;
  shell: boolean;
  maxOutputBytes: number;
}

export function resolveCommandSettings(
  settings: CommandSettings,
  input: CommandInput | undefined,
): ResolvedCommandSettings {
  return {
    commands: input?.commands ?? settings.commands,
    workingDir: settings.working_dir,
    envVars: { ...settings.env_vars, ...input?.env_vars },
    timeoutSeconds: settings.timeout ?? DEFAULT_TIMEOUT_SECONDS,
    failFast: settings.fail_fast ?? true,
    shell: settings.shell ?? true,
    maxOutputBytes: settings.max_output_bytes ?? DEFAULT_MAX_OUTPUT_BYTES,
  };
}
