import { z } from 'zod';
import { errorMessage } from '../../errors';
import { validatorForSchema } from '../../providers';

const structuredOutputSchema = z
  .strictObject({
    name: z.string().optional(),
    schema: z.record(z.string(), z.unknown()),
  })
  .superRefine((value, check) => {
    try {
      validatorForSchema(value.schema);
    } catch (error) {
      check.addIssue({
        code: 'custom',
        path: ['schema'],
        message: `unsupported JSON Schema: ${errorMessage(error)}`,
      });
    }
  });

/**
 * A context entry is usually a rendered `$expr{$hier{x}.outcome.text}`; a whole-expression template
 * yields a typed value, so non-strings are accepted and sent as JSON, and null/undefined are skipped.
 */
const contextSchema = z
  .array(z.unknown())
  .transform((items) =>
    items
      .filter((item) => item !== null && item !== undefined)
      .map((item) => (typeof item === 'string' ? item : JSON.stringify(item, null, 2))),
  );

export const aiModelCallSettingsSchema = z.strictObject({
  prompt: z.string(),
  system_instructions: z.array(z.string()).optional(),
  context: contextSchema.optional(),
  model: z.string().min(1).optional(),
  provider: z.enum(['auto', 'openai', 'anthropic', 'local']).default('auto'),
  model_options: z
    .strictObject({
      temperature: z.number().min(0).max(2).optional(),
      max_tokens: z.number().int().positive().optional(),
      top_p: z.number().min(0).max(1).optional(),
    })
    .optional(),
  structured_output: structuredOutputSchema.optional(),
  stream: z.boolean().default(true),
  /** Seconds for the whole call, retries included. */
  timeout: z.number().positive().optional(),
});

export type AiModelCallSettings = z.output<typeof aiModelCallSettingsSchema>;

const variableValueSchema = z.union([z.string(), z.number(), z.boolean()]);

export const aiModelCallInputSchema = z.strictObject({
  /** Fill `{name}` placeholders in the prompt. */
  prompt_variables: z.record(z.string(), variableValueSchema).optional(),
  /** Fill `{name}` placeholders in the system instructions. */
  instruction_variables: z.record(z.string(), variableValueSchema).optional(),
  /** Overrides the settings' model. */
  model: z.string().min(1).optional(),
});

export type AiModelCallInput = z.output<typeof aiModelCallInputSchema>;
export type PlaceholderValues = Readonly<Record<string, string | number | boolean>>;
