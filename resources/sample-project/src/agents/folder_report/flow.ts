import { flowDef, nodeDef } from 'dad-run-inspector/engine';

/**
 * folder_report: analyse `sample-data/`, count its lines with a shell command, ask a model for a
 * short report, and write `report.md` into the outcome repository with a commit.
 */

const analysis = '$hier{analyze}';
const lineCounts = '$hier{line_counts}.outcome.results[0].stdout';

export const folderReport = flowDef()
  .vars({ folder: 'sample-data' })
  .node(
    'analyze',
    nodeDef('folder_analyzer', {
      path: '$var{folder}',
      include_contents: true,
      max_file_size: 20_000,
    }),
  )
  .node(
    'line_counts',
    nodeDef('command', {
      commands: ['find . -type f | sort | xargs wc -l'],
      working_dir: '$var{folder}',
      timeout: 20,
    }),
  )
  .node(
    'summarize',
    nodeDef('ai_model_call', {
      prompt:
        'Write a short report on the folder described in the context: what it holds, the kinds of ' +
        'files, and anything that stands out. Use three to five bullet points.',
      system_instructions: ['You are a careful analyst. Be concrete and brief; do not invent files.'],
      context: [`$expr{${analysis}.outcome.results}`, `$expr{${lineCounts}}`],
      model_options: { max_tokens: 400 },
    }),
  )
  .node(
    'write_report',
    nodeDef('file_operation', {
      base_directory: '$var{outcome_repo_dir}',
      operations: [
        {
          type: 'create_file',
          path: 'report.md',
          content: [
            '# Folder report: $var{folder}',
            '',
            `$expr{${analysis}.output.data.total_files} files in $expr{${analysis}.output.data.total_directories} folders, ` +
              `$expr{${analysis}.output.data.total_lines} lines.`,
            '',
            '$expr{$hier{summarize}.outcome.text}',
            '',
            '## Lines per file',
            '',
            '```',
            // wc's output ends with a newline of its own.
            `$expr{${lineCounts}}\`\`\``,
            '',
          ].join('\n'),
          overwrite: true,
        },
      ],
      commit: true,
      commit_message: 'Add the report on $var{folder}',
    }),
  );
