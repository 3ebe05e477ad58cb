import { SDK_INFO } from '@opentelemetry/core';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';

export const DEFAULT_SERVICE_NAME = 'dad-agent';

export interface RerunInfo {
  previousRunId: string;
  startHierarchyPath: string | null;
}

/** The JSON form of a resource in trace, log and metric lines. */
export interface ResourceJson {
  attributes: Record<string, unknown>;
  schema_url: string;
}

/** The run's resource: service name (with `-rerun` on a re-run), SDK facts and the re-run origin. */
export function createRunResource(serviceName: string, rerun: RerunInfo | undefined): Resource {
  const attributes: Record<string, string> = {
    'telemetry.sdk.language': String(SDK_INFO['telemetry.sdk.language']),
    'telemetry.sdk.name': String(SDK_INFO['telemetry.sdk.name']),
    'telemetry.sdk.version': String(SDK_INFO['telemetry.sdk.version']),
    'service.name': rerun ? `${serviceName}-rerun` : serviceName,
  };
  if (rerun) {
    attributes.previous_run_id = rerun.previousRunId;
    // OpenTelemetry has no null attribute: a re-run from the start simply has no start path.
    if (rerun.startHierarchyPath !== null) attributes.start_hierarchy_path = rerun.startHierarchyPath;
  }
  return resourceFromAttributes(attributes);
}

export function resourceToJson(resource: Resource): ResourceJson {
  return { attributes: { ...resource.attributes }, schema_url: resource.schemaUrl ?? '' };
}
