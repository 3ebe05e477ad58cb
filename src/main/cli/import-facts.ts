import type { ImportedFrom } from '../reader/run-record';

const FORMAT_NAMES: Record<ImportedFrom['format'], string> = {
  'otlp-json': 'OpenTelemetry OTLP JSON',
  'jaeger-json': 'Jaeger JSON',
  'zipkin-json': 'Zipkin v2 JSON',
};

/** The lines `dad runs show` adds for a run made from a trace file: its source, its sibling runs, its warnings. */
export function importFacts(imported: ImportedFrom): [string, string][] {
  const facts: [string, string][] = [
    ['imported', `from the ${FORMAT_NAMES[imported.format]} file ${imported.sourceFile}`],
    ['trace', imported.traceId],
  ];
  if (imported.tracesInFile > 1) {
    const listed = imported.runsFromFile.map((run) => run.runId);
    const more = imported.tracesInFile - listed.length;
    facts.push([
      'traces',
      `${imported.tracesInFile} in the file, each made its own run: ${listed.join(', ')}${more > 0 ? ` and ${more} more` : ''}`,
    ]);
  }
  for (const warning of imported.warnings) {
    const place =
      warning.line === null ? '' : `line ${warning.line}${warning.location ? `, ${warning.location}` : ''}: `;
    facts.push(['warning', `${place}${warning.message}`]);
  }
  if (imported.unlistedWarnings > 0)
    facts.push(['warning', `${imported.unlistedWarnings} more warnings of this import not listed`]);
  return facts;
}
