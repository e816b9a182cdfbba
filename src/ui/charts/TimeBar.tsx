import { useEffect, useMemo, useRef, useState } from 'react';
import { sampleRows } from '../../store/downsample';
import type { TimeViewStore } from '../../store/timeView';
import { clampWindow, dayWindow, hourText, isWholeRun } from '../../store/timeWindow';
import { useWidth } from './useWidth';

/** A line drawn on the overview strip, read per hour. */
export interface OverviewLine {
  readonly key: string;
  readonly color: string;
  readonly value: (round: number) => number;
}

interface Props {
  readonly time: TimeViewStore;
  readonly totalRounds: number;
  /** Rounds simulated so far: the hours that can be picked. */
  readonly length: number;
  /** Redraws the overview when it changes (the history mutates in place). */
  readonly version: number;
  readonly overview: readonly OverviewLine[];
}

const STRIP_HEIGHT = 34;
const DRAG_PX = 4;

/**
 * The view's time axis as one control: the scrubber that picks an hour (a slider, the arrow keys,
 * the previous / next buttons, or a click on any chart), the window every chart shows (zoom
 * buttons, one day, the whole run), and an overview strip of the whole run to brush a window on
 * (drag across it) or to drag the window along.
 */
export function TimeBar({ time, totalRounds, length, version, overview }: Props) {
  const picked = time((s) => s.picked);
  const w = clampWindow(
    time((s) => s.window),
    totalRounds,
  );
  const t = time.getState;
  const last = Math.max(0, length - 1);
  const whole = isWholeRun(w, totalRounds);
  const step = (d: number): void => {
    const from = picked ?? (d > 0 ? -1 : length);
    t().pick(Math.max(0, Math.min(last, from + d)), totalRounds);
  };
  return (
    <section className="timebar panel" aria-label="Time axis" data-testid="time-bar">
      <div className="timebar-row">
        <button
          type="button"
          aria-label="Previous hour"
          disabled={length === 0}
          onClick={() => step(-1)}
        >
          ◀
        </button>
        <label className="inline scrubber">
          Picked hour
          <input
            type="range"
            min={0}
            max={last}
            step={1}
            value={picked ?? 0}
            disabled={length === 0}
            onChange={(e) => t().pick(Number(e.target.value), totalRounds)}
          />
        </label>
        <button
          type="button"
          aria-label="Next hour"
          disabled={length === 0}
          onClick={() => step(1)}
        >
          ▶
        </button>
        <output data-testid="picked-hour" data-round={picked ?? ''}>
          {picked !== null ? hourText(picked) : 'no hour picked'}
        </output>
      </div>
      <div className="timebar-row">
        <span className="window-text" data-testid="time-window" data-from={w.from} data-to={w.to}>
          {whole ? 'Whole run' : `${hourText(w.from)} – ${hourText(w.to - 1)}`} ({w.to - w.from}{' '}
          hours)
        </span>
        <button type="button" onClick={() => t().zoom(0.5, totalRounds, centre(w, picked))}>
          Zoom in
        </button>
        <button type="button" disabled={whole} onClick={() => t().zoom(2, totalRounds)}>
          Zoom out
        </button>
        <button
          type="button"
          onClick={() =>
            t().setWindow(dayWindow(picked ?? Math.max(0, w.from), totalRounds), totalRounds)
          }
        >
          One day
        </button>
        <button type="button" disabled={whole} onClick={() => t().setWindow(null, totalRounds)}>
          Whole run
        </button>
      </div>
      <Strip
        time={time}
        totalRounds={totalRounds}
        length={length}
        version={version}
        overview={overview}
      />
      <p className="note">
        Click a chart to pick its hour; drag a chart to pan; Ctrl + wheel (or pinch) zooms; drag
        across the strip above to zoom to that span.
      </p>
    </section>
  );
}

/** Zoom around the picked hour when it is in view, else around the window's middle. */
function centre(w: { from: number; to: number }, picked: number | null): number {
  return picked !== null && picked >= w.from && picked < w.to ? picked + 0.5 : (w.from + w.to) / 2;
}

function Strip({ time, totalRounds, length, version, overview }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useWidth(ref, 600);
  const picked = time((s) => s.picked);
  const w = clampWindow(
    time((s) => s.window),
    totalRounds,
  );
  const total = Math.max(1, totalRounds);
  const perHour = width / total;
  const [brush, setBrush] = useState<{ a: number; b: number } | null>(null);
  const drag = useRef<{
    x0: number;
    hour0: number;
    pan: boolean;
    from: number;
    to: number;
    moved: boolean;
  } | null>(null);

  const paths = useMemo(() => {
    void version;
    return overview.map((line) => {
      const rows = sampleRows([{ key: 'v', value: line.value }], 0, length, width);
      let hi = 0;
      for (const r of rows) hi = Math.max(hi, r.v ?? 0);
      let d = '';
      for (const r of rows) {
        if (r.v == null || r.x == null) continue;
        const y = STRIP_HEIGHT - 2 - (hi > 0 ? (r.v / hi) * (STRIP_HEIGHT - 4) : 0);
        d += `${d ? 'L' : 'M'}${(r.x * perHour).toFixed(1)},${y.toFixed(1)}`;
      }
      return { key: line.key, color: line.color, d };
    });
  }, [overview, length, width, perHour, version]);

  // Ctrl + wheel zooms here too, around the hour under the pointer.
  const live = useRef({ w, totalRounds, perHour });
  live.current = { w, totalRounds, perHour };
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onWheel = (e: WheelEvent): void => {
      if (!(e.ctrlKey || e.metaKey)) return;
      e.preventDefault();
      const { totalRounds: tr, perHour: ph } = live.current;
      const anchor = (e.clientX - el.getBoundingClientRect().left) / ph;
      time.getState().zoom(e.deltaY > 0 ? 1.25 : 0.8, tr, anchor);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [time]);

  const hourAt = (clientX: number): number => {
    const el = ref.current;
    const px = el ? clientX - el.getBoundingClientRect().left : 0;
    return Math.max(0, Math.min(total, px / perHour));
  };
  const whole = isWholeRun(w, totalRounds);
  return (
    <div
      ref={ref}
      className="timebar-strip"
      data-testid="time-strip"
      style={{ height: STRIP_HEIGHT }}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        const h = hourAt(e.clientX);
        drag.current = {
          x0: e.clientX,
          hour0: h,
          pan: !whole && h >= w.from && h <= w.to,
          from: w.from,
          to: w.to,
          moved: false,
        };
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (!d) return;
        if (Math.abs(e.clientX - d.x0) > DRAG_PX) d.moved = true;
        if (!d.moved) return;
        const h = hourAt(e.clientX);
        if (d.pan) {
          const hours = Math.round(h - d.hour0);
          time.getState().setWindow({ from: d.from + hours, to: d.to + hours }, totalRounds);
        } else setBrush({ a: d.hour0, b: h });
      }}
      onPointerUp={(e) => {
        const d = drag.current;
        drag.current = null;
        setBrush(null);
        if (!d) return;
        const h = hourAt(e.clientX);
        if (!d.moved) {
          const r = Math.floor(h);
          if (r < length) time.getState().pick(r, totalRounds);
        } else if (!d.pan) {
          const from = Math.floor(Math.min(d.hour0, h));
          const to = Math.ceil(Math.max(d.hour0, h));
          time.getState().setWindow({ from, to }, totalRounds);
        }
      }}
      onPointerCancel={() => {
        drag.current = null;
        setBrush(null);
      }}
    >
      <svg width={width} height={STRIP_HEIGHT} aria-hidden="true">
        {paths.map((p) => (
          <path key={p.key} d={p.d} fill="none" stroke={p.color} strokeWidth={1} />
        ))}
        {!whole ? (
          <rect
            className="strip-window"
            x={w.from * perHour}
            y={0.5}
            width={Math.max(2, (w.to - w.from) * perHour)}
            height={STRIP_HEIGHT - 1}
          />
        ) : null}
        {brush ? (
          <rect
            className="strip-brush"
            x={Math.min(brush.a, brush.b) * perHour}
            y={0}
            width={Math.abs(brush.b - brush.a) * perHour}
            height={STRIP_HEIGHT}
          />
        ) : null}
        {picked !== null ? (
          <line
            className="strip-picked"
            x1={(picked + 0.5) * perHour}
            x2={(picked + 0.5) * perHour}
            y1={0}
            y2={STRIP_HEIGHT}
          />
        ) : null}
      </svg>
    </div>
  );
}
