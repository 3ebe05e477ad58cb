import { memo } from 'react';
import { formatCount } from '../../format/format';
import { MAX_FILTERED_ROWS } from './service-filter';

interface ServiceLegendProps {
  services: readonly string[];
  colors: ReadonlyMap<string, string>;
  hidden: ReadonlySet<string>;
  hiddenCount: number;
  /** False when the run has more rows than a filter can hold. */
  filterable: boolean;
  onToggle(service: string): void;
}

/** The services of the run with their colours; unchecking one hides its spans. */
export const ServiceLegend = memo(function ServiceLegend(props: ServiceLegendProps) {
  return (
    <div className="service-legend" role="group" aria-label="Services" data-testid="service-legend">
      <span className="service-legend__title">Services</span>
      {props.services.map((service) => (
        <label
          key={service}
          className="service-legend__item"
          data-testid="service-legend-item"
          data-service={service}
        >
          <input
            type="checkbox"
            checked={!props.hidden.has(service)}
            disabled={!props.filterable && !props.hidden.has(service)}
            onChange={() => props.onToggle(service)}
            aria-label={`Show the spans of ${service}`}
            data-testid="service-legend-toggle"
          />
          <span
            className="service-legend__swatch"
            style={{ background: props.colors.get(service) }}
            aria-hidden="true"
          />
          {service}
        </label>
      ))}
      {props.hiddenCount > 0 ? (
        <span className="service-legend__hidden" role="status" data-testid="service-legend-hidden">
          {formatCount(props.hiddenCount)} span{props.hiddenCount === 1 ? '' : 's'} hidden
        </span>
      ) : null}
      {!props.filterable ? (
        <span className="service-legend__hidden" data-testid="service-legend-too-many">
          filtering by service needs a run of at most {formatCount(MAX_FILTERED_ROWS)} rows shown
        </span>
      ) : null}
    </div>
  );
});
