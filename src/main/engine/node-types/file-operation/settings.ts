import { z } from 'zod';

/** A path relative to base_directory; absolute paths are refused when the operation runs. */
const relativePath = z.string().min(1);

const createFileSchema = z.strictObject({
  type: z.literal('create_file'),
  path: relativePath,
  content: z.string(),
  overwrite: z.boolean().optional(),
});

const textEditSchema = z.strictObject({
  old_text: z.string().min(1),
  new_text: z.string(),
});
export type TextEdit = z.infer<typeof textEditSchema>;

const editFileSchema = z
  .strictObject({
    type: z.literal('edit_file'),
    path: relativePath,
    edits: z.array(textEditSchema).min(1).optional(),
    unified_diff: z.string().min(1).optional(),
  })
  .refine((operation) => (operation.edits === undefined) !== (operation.unified_diff === undefined), {
    message: 'edit_file needs exactly one of "edits" and "unified_diff"',
  });

const deleteFileSchema = z.strictObject({ type: z.literal('delete_file'), path: relativePath });

const createDirectorySchema = z.strictObject({ type: z.literal('create_directory'), path: relativePath });

const deleteDirectorySchema = z.strictObject({
  type: z.literal('delete_directory'),
  path: relativePath,
  recursive: z.boolean().optional(),
});

const moveSchema = z.strictObject({
  type: z.literal('move'),
  source: relativePath,
  destination: relativePath,
});

export const fileOperationSchema = z.discriminatedUnion('type', [
  createFileSchema,
  editFileSchema,
  deleteFileSchema,
  createDirectorySchema,
  deleteDirectorySchema,
  moveSchema,
]);
export type FileOperation = z.infer<typeof fileOperationSchema>;
export type FileOperationType = FileOperation['type'];

export const fileOperationSettingsSchema = z.strictObject({
  /** Relative to the project root unless absolute; `$var{outcome_repo_dir}` for the outcome repository. */
  base_directory: z.string().min(1),
  /** Left out or empty when the input supplies the operations. */
  operations: z.array(fileOperationSchema).optional(),
  /** Relative to base_directory; every operation path must fall inside one of them. Default `['.']`. */
  allowed_directories: z.array(z.string().min(1)).min(1).optional(),
  /** Stage the changes under base_directory with `git add` (when not committing). */
  stage: z.boolean().optional(),
  /** Commit the outcome work tree after the operations; base_directory must lie inside it. */
  commit: z.boolean().optional(),
  commit_message: z.string().min(1).optional(),
});
export type FileOperationSettings = z.infer<typeof fileOperationSettingsSchema>;

export const fileOperationInputSchema = z.strictObject({
  /** Replaces the settings' operations. */
  operations: z.array(fileOperationSchema).optional(),
});
export type FileOperationInput = z.infer<typeof fileOperationInputSchema>;
