import { z } from 'zod';

export const DEFAULT_MAX_FILE_SIZE = 100 * 1024;

export const folderAnalyzerSettingsSchema = z.strictObject({
  /** Relative to the project root unless absolute. */
  path: z.string().min(1),
  /** Levels below the folder to list; 1 lists only its own entries. All levels when left out. */
  max_depth: z.number().int().min(1).optional(),
  include_contents: z.boolean().optional(),
  /** Bytes; larger files are listed without their content. */
  max_file_size: z.number().int().nonnegative().optional(),
  respect_gitignore: z.boolean().optional(),
  /** Gitignore-style patterns, relative to the folder; applied whether or not .gitignore is respected. */
  exclude_patterns: z.array(z.string().min(1)).optional(),
  include_hidden: z.boolean().optional(),
});
export type FolderAnalyzerSettings = z.infer<typeof folderAnalyzerSettingsSchema>;

export const folderAnalyzerInputSchema = z.strictObject({
  /** Replaces the settings' path. */
  path: z.string().min(1).optional(),
  /** Added to the settings' exclude_patterns. */
  exclude_patterns: z.array(z.string().min(1)).optional(),
});
export type FolderAnalyzerInput = z.infer<typeof folderAnalyzerInputSchema>;

export interface WalkOptions {
  maxDepth: number | undefined;
  includeContents: boolean;
  maxFileSize: number;
  respectGitignore: boolean;
  excludePatterns: string[];
  includeHidden: boolean;
  signal: AbortSignal;
}

export function resolveWalkOptions(
  settings: FolderAnalyzerSettings,
  input: FolderAnalyzerInput | undefined,
  signal: AbortSignal,
): WalkOptions {
  return {
    maxDepth: settings.max_depth,
    includeContents: settings.include_contents ?? false,
    maxFileSize: settings.max_file_size ?? DEFAULT_MAX_FILE_SIZE,
    respectGitignore: settings.respect_gitignore ?? true,
    excludePatterns: [...(settings.exclude_patterns ?? []), ...(input?.exclude_patterns ?? [])],
    includeHidden: settings.include_hidden ?? false,
    signal,
  };
}
