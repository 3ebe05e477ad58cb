import { useMemo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { request } from '../../api/api-client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatCost, formatCount, formatDurationMs } from '../../format/format';
import { useCallResult } from '../../hooks/useCallResult';
import { useThemeColors } from '../../hooks/useResolvedTheme';
import { useThrottledValue } from '../../hooks/useThrottledValue';
import { useLiveRunStore } from '../../stores/live-run-store';
import { useReplayAsOf } from '../../stores/replay-store';
import { cumulativeUsage, topNodes } from './metric-views';
import './metrics.css';

const TOP = 12;
const COLOR_NAMES = ['chart-1', 'chart-2', 'chart-3', 'text-muted', 'border', 'surface', 'text'] as const;

/** Per-node durations, tokens and cost, and usage over time, from the run's metric series. */
export function MetricsTab({ runId }: { runId: string }) {
  const metricsVersion = useLiveRunStore((state) => state.run?.metricsVersion ?? 0);
  const startUs = useLiveRunStore((state) => state.run?.startUs ?? null);
  const version = useThrottledValue(metricsVersion, 1000);
  // The charts are the heaviest answer of a replay step: follow a playing replay a few times a
  // second, so each answer can arrive before the next is asked for.
  const asOf = useThrottledValue(useReplayAsOf(runId), 400);
  const metrics = useCallResult(
    () => request('metricSeries', { runId, asOf, top: TOP }),
    `${runId}|${version}|${asOf ?? ''}`,
    runId,
  );
  const colors = useThemeColors(COLOR_NAMES);
  const nodes = useMemo(() => metrics.value?.nodes ?? [], [metrics.value]);
  const durations = useMemo(() => topNodes(nodes, 'durationMs', TOP), [nodes]);
  const usage = useMemo(() => topNodes(nodes, 'tokens', TOP), [nodes]);
  const costly = useMemo(() => (usage.length > 0 ? usage : topNodes(nodes, 'cost', TOP)), [usage, nodes]);
  const overTime = useMemo(
    () => cumulativeUsage(metrics.value?.buckets ?? [], startUs, asOf),
    [metrics.value, startUs, asOf],
  );
  // Local models cost nothing: a flat zero cost series only adds noise.
  const hasCost = useMemo(() => nodes.some((node) => (node.cost ?? 0) > 0), [nodes]);

  const axis = { stroke: colors['text-muted'], fontSize: 11 };
  const tooltip = {
    contentStyle: {
      background: colors.surface,
      border: `1px solid ${colors.border}`,
      fontSize: 12,
      color: colors.text,
    },
    labelStyle: { color: colors.text },
  };

  return (
    <section className="metrics" data-testid="metrics-tab" aria-label="Metrics">
      <ErrorBanner
        title="Could not load the metrics"
        error={metrics.error}
        testId="metrics-error"
        compact
        onRetry={metrics.reload}
      />
      {metrics.value && nodes.length === 0 ? (
        <p className="muted" data-testid="metrics-empty">
          No node metrics yet.
        </p>
      ) : null}
      {nodes.length > 0 ? (
        <div className="metrics__grid">
          <figure className="chart" data-testid="chart-durations">
            <figcaption>
              Node durations
              {nodes.length > TOP ? (
                <span className="muted">
                  {' '}
                  (longest {TOP} of {nodes.length})
                </span>
              ) : null}
            </figcaption>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={durations} layout="vertical" margin={{ left: 8, right: 16, top: 4, bottom: 4 }}>
                <CartesianGrid stroke={colors.border} strokeDasharray="3 3" horizontal={false} />
                <XAxis
                  type="number"
                  tick={axis}
                  stroke={colors.border}
                  tickFormatter={(value: number) => formatDurationMs(value)}
                />
                <YAxis
                  type="category"
                  dataKey="label"
                  tick={axis}
                  stroke={colors.border}
                  width={120}
                  interval={0}
                />
                <Tooltip
                  {...tooltip}
                  formatter={(value) => [formatDurationMs(Number(value)), 'duration']}
                  cursor={{ fill: colors.border, opacity: 0.4 }}
                />
                <Bar dataKey="durationMs" fill={colors['chart-1']} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </figure>
          <figure className="chart" data-testid="chart-usage">
            <figcaption>{hasCost ? 'Tokens and cost per node' : 'Tokens per node'}</figcaption>
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={costly} margin={{ left: 8, right: 8, top: 4, bottom: 4 }}>
                <CartesianGrid stroke={colors.border} strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="label" tick={axis} stroke={colors.border} interval="preserveStartEnd" />
                <YAxis
                  yAxisId="tokens"
                  tick={axis}
                  stroke={colors.border}
                  tickFormatter={(value: number) => formatCount(value)}
                />
                {hasCost ? (
                  <YAxis
                    yAxisId="cost"
                    orientation="right"
                    tick={axis}
                    stroke={colors.border}
                    tickFormatter={(value: number) => formatCost(value)}
                  />
                ) : null}
                <Tooltip
                  {...tooltip}
                  formatter={(value, name) =>
                    name === 'cost'
                      ? [formatCost(Number(value)), 'cost']
                      : [formatCount(Number(value)), 'tokens']
                  }
                  cursor={{ fill: colors.border, opacity: 0.4 }}
                />
                <Legend wrapperStyle={{ fontSize: 11 }} />
                <Bar yAxisId="tokens" dataKey="tokens" fill={colors['chart-1']} isAnimationActive={false} />
                {hasCost ? (
                  <Bar yAxisId="cost" dataKey="cost" fill={colors['chart-3']} isAnimationActive={false} />
                ) : null}
              </BarChart>
            </ResponsiveContainer>
          </figure>
          <figure className="chart" data-testid="chart-over-time">
            <figcaption>{hasCost ? 'Tokens and cost over time' : 'Tokens over time'}</figcaption>
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={overTime} margin={{ left: 8, right: 8, top: 4, bottom: 4 }}>
                <CartesianGrid stroke={colors.border} strokeDasharray="3 3" />
                <XAxis
                  dataKey="seconds"
                  type="number"
                  domain={['dataMin', 'dataMax']}
                  tick={axis}
                  stroke={colors.border}
                  tickFormatter={(value: number) => formatDurationMs(value * 1000)}
                />
                <YAxis
                  yAxisId="tokens"
                  tick={axis}
                  stroke={colors.border}
                  tickFormatter={(value: number) => formatCount(value)}
                />
                {hasCost ? (
                  <YAxis
                    yAxisId="cost"
                    orientation="right"
                    tick={axis}
                    stroke={colors.border}
                    tickFormatter={(value: number) => formatCost(value)}
                  />
                ) : null}
                <Tooltip
                  {...tooltip}
                  labelFormatter={(value) => `${formatDurationMs(Number(value) * 1000)} after start`}
                  formatter={(value, name) =>
                    name === 'cost'
                      ? [formatCost(Number(value)), 'cost']
                      : [formatCount(Number(value)), 'tokens']
                  }
                />
                <Legend wrapperStyle={{ fontSize: 11 }} />
                <Line
                  yAxisId="tokens"
                  type="stepAfter"
                  dataKey="tokens"
                  stroke={colors['chart-1']}
                  dot={false}
                  isAnimationActive={false}
                />
                {hasCost ? (
                  <Line
                    yAxisId="cost"
                    type="stepAfter"
                    dataKey="cost"
                    stroke={colors['chart-3']}
                    dot={false}
                    isAnimationActive={false}
                  />
                ) : null}
              </LineChart>
            </ResponsiveContainer>
          </figure>
        </div>
      ) : null}
    </section>
  );
}
