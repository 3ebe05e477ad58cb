import { defineRunner } from 'dad-run-inspector/engine';
import { folderReport } from '../agents/folder_report/flow';

export const runner = defineRunner({
  definition: folderReport,
  rootComponentId: 'folder_report',
  description: 'Analyses sample-data/, counts its lines and writes report.md to the outcome repository.',
  timeoutSeconds: 300,
});
