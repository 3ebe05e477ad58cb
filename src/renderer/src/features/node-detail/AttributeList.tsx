import { AttributeValue } from './AttributeValue';
import { attributeMatches } from './span-values';

/**
 * Attributes as key and typed value, one a row, in the file's order; with a filter, only those
 * whose key or value holds its text.
 */
export function AttributeList({
  attributes,
  filter = '',
  parsedFirst = false,
  cut,
  testId,
}: {
  attributes: Record<string, unknown>;
  filter?: string;
  parsedFirst?: boolean;
  /** Values sent as their start only, with their whole length. */
  cut?: Record<string, number>;
  testId: string;
}) {
  const entries = Object.entries(attributes).filter(([key, value]) => attributeMatches(key, value, filter));
  if (entries.length === 0) {
    return (
      <p className="muted attr-list__none" data-testid={`${testId}-none`}>
        {filter.trim() === '' ? 'No attributes.' : 'No attribute matches the filter.'}
      </p>
    );
  }
  return (
    <dl className="attr-list" data-testid={testId}>
      {entries.map(([key, value]) => (
        <div key={key} className="attr-list__row" data-testid="attr-row" data-key={key}>
          <dt className="attr-list__key">{key}</dt>
          <dd className="attr-list__value">
            <AttributeValue value={value} parsedFirst={parsedFirst} cutLength={cut?.[key]} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
