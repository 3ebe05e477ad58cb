import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallError } from '../../../../shared/contract';
import { request } from '../../api/api-client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatClockMicros } from '../../format/format';
import { REPLAY_SPEEDS, useReplayStore } from '../../stores/replay-store';
import { advanceReplay, clampMoment, offsetLabel, speedLabel } from './replay-clock';
import './replay.css';
import { isTextField } from '../../hooks/text-field';

/** How often playback moves the moment: each move makes every view ask for its data as of it. */
const TICK_MS = 100;
/** Least time between seeks while the slider is dragged. */
const SEEK_EVERY_MS = 80;
/** A pause between moments at "as fast as possible", so each one is drawn. */
const MAX_SPEED_PAUSE_MS = 30;

interface ReplayBarProps {
  runId: string;
  startUs: number;
  endUs: number;
  interrupted: boolean;
}

/**
 * The replay's controls: a time slider over the run, play/pause at a speed, and steps to the
 * previous and next recorded moment. Every view of the run follows the moment set here.
 */
export function ReplayBar({ runId, startUs, endUs, interrupted }: ReplayBarProps) {
  const asOfUs = useReplayStore((state) => state.asOfUs);
  const playing = useReplayStore((state) => state.playing);
  const speed = useReplayStore((state) => state.speed);
  const [dragUs, setDragUs] = useState<number | null>(null);
  const [stepError, setStepError] = useState<CallError | null>(null);
  const [atEdge, setAtEdge] = useState<string | null>(null);
  const lastSeek = useRef(0);
  // Each step, seek, pause or exit takes a new number: a step's answer arriving after any of them
  // (a pause, a drag of the slider) is dropped instead of moving the moment behind the user's back.
  const stepTicket = useRef(0);

  const seek = useCallback(
    (atUs: number) => {
      stepTicket.current++;
      setAtEdge(null);
      useReplayStore.getState().seek(clampMoment(atUs, startUs, endUs));
    },
    [startUs, endUs],
  );

  const step = useCallback(
    async (direction: 1 | -1): Promise<boolean> => {
      const ticket = ++stepTicket.current;
      const from = useReplayStore.getState().asOfUs;
      const result = await request('adjacentMoment', { runId, fromUs: from, direction });
      if (ticket !== stepTicket.current || useReplayStore.getState().runId !== runId) return false;
      if (!result.ok) {
        setStepError(result.error);
        return false;
      }
      setStepError(null);
      if (result.value === null || (direction === 1 && result.value.timeUs > endUs)) {
        setAtEdge(
          direction === 1 ? 'Nothing happened after this moment.' : 'Nothing happened before this moment.',
        );
        return false;
      }
      useReplayStore.getState().seek(clampMoment(result.value.timeUs, startUs, endUs));
      setAtEdge(`${result.value.label} (${formatClockMicros(result.value.timeUs)})`);
      return true;
    },
    [runId, startUs, endUs],
  );

  // Real-time speeds move the moment on a timer; "as fast as possible" goes moment by moment.
  useEffect(() => {
    if (!playing) return;
    if (speed === 'max') {
      let cancelled = false;
      const loop = async () => {
        while (!cancelled) {
          const moved = await step(1);
          if (!moved || cancelled) break;
          await new Promise((resolve) => setTimeout(resolve, MAX_SPEED_PAUSE_MS));
        }
        if (!cancelled) useReplayStore.getState().setPlaying(false);
      };
      void loop();
      return () => {
        cancelled = true;
      };
    }
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      const store = useReplayStore.getState();
      const next = advanceReplay(store.asOfUs, now - last, speed, endUs);
      last = now;
      store.seek(next.asOfUs);
      if (next.ended) store.setPlaying(false);
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [playing, speed, endUs, step]);

  const togglePlay = useCallback(() => {
    const store = useReplayStore.getState();
    // Play at the end starts over.
    if (!store.playing && store.asOfUs >= endUs) store.seek(startUs);
    stepTicket.current++;
    store.setPlaying(!store.playing);
  }, [startUs, endUs]);

  // "," and "." step back and forward, "p" plays or pauses, anywhere in the run view.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTextField(event.target)) return;
      if (event.key === ',' || event.key === '.') {
        event.preventDefault();
        useReplayStore.getState().setPlaying(false);
        void step(event.key === '.' ? 1 : -1);
      } else if (event.key === 'p') {
        event.preventDefault();
        togglePlay();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [step, togglePlay]);

  const shownUs = dragUs ?? asOfUs;
  const onSlide = (value: number) => {
    setDragUs(value);
    const now = performance.now();
    if (now - lastSeek.current >= SEEK_EVERY_MS) {
      lastSeek.current = now;
      seek(value);
    }
  };
  const endSlide = () => {
    if (dragUs !== null) seek(dragUs);
    setDragUs(null);
  };

  return (
    <div className="replay" data-testid="replay-bar" role="group" aria-label="Replay">
      <div className="replay__controls">
        <button
          type="button"
          className="button button--ghost button--small"
          data-testid="replay-previous"
          aria-label="Previous recorded moment"
          title="Previous recorded moment (,)"
          onClick={() => {
            useReplayStore.getState().setPlaying(false);
            void step(-1);
          }}
        >
          ← Prev
        </button>
        <button
          type="button"
          className="button button--small replay__play"
          data-testid="replay-play"
          aria-pressed={playing}
          title="Play or pause (p)"
          onClick={togglePlay}
        >
          {playing ? '❚❚ Pause' : '▶ Play'}
        </button>
        <button
          type="button"
          className="button button--ghost button--small"
          data-testid="replay-next"
          aria-label="Next recorded moment"
          title="Next recorded moment (.)"
          onClick={() => {
            useReplayStore.getState().setPlaying(false);
            void step(1);
          }}
        >
          Next →
        </button>
        <div className="segmented" role="radiogroup" aria-label="Replay speed" data-testid="replay-speed">
          {REPLAY_SPEEDS.map((option) => (
            <button
              key={String(option)}
              type="button"
              role="radio"
              aria-checked={speed === option}
              className={speed === option ? 'segmented__item segmented__item--on' : 'segmented__item'}
              data-testid={`replay-speed-${option}`}
              title={option === 'max' ? 'Every recorded moment in turn, as fast as possible' : undefined}
              onClick={() => useReplayStore.getState().setSpeed(option)}
            >
              {speedLabel(option)}
            </button>
          ))}
        </div>
      </div>
      <input
        type="range"
        className="replay__slider"
        data-testid="replay-slider"
        aria-label="Replayed moment"
        aria-valuetext={offsetLabel(shownUs, startUs)}
        min={startUs}
        max={endUs}
        step={1}
        value={shownUs}
        onChange={(event) => onSlide(Number(event.target.value))}
        onPointerUp={endSlide}
        onKeyUp={endSlide}
        onBlur={endSlide}
      />
      <div className="replay__readout">
        <span className="mono" data-testid="replay-offset" data-as-of={asOfUs}>
          {offsetLabel(shownUs, startUs)}
        </span>
        <span className="muted mono">/ {offsetLabel(endUs, startUs)}</span>
        <span className="muted mono replay__clock">{formatClockMicros(shownUs)}</span>
      </div>
      {interrupted ? (
        <span className="tag tag--warn" data-testid="replay-interrupted">
          interrupted: replays up to its last record
        </span>
      ) : null}
      <button
        type="button"
        className="button button--ghost button--small"
        data-testid="replay-exit"
        onClick={() => useReplayStore.getState().stop()}
      >
        Exit replay
      </button>
      {atEdge ? (
        <div className="replay__note muted" data-testid="replay-note" aria-live="polite">
          {atEdge}
        </div>
      ) : null}
      <ErrorBanner
        title="Could not find the next moment"
        error={stepError}
        testId="replay-error"
        compact
        onDismiss={() => setStepError(null)}
      />
    </div>
  );
}
