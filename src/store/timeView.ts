import { create, type StoreApi, type UseBoundStore } from 'zustand';
import { clampWindow, panWindow, windowShowing, zoomWindow, type HourWindow } from './timeWindow';

/**
 * What every time chart of one view shows: one window of hours, zoomed and panned together, and
 * the hour the scrubber picked (the round the inspector explains). Each view has its own: the
 * dashboard's and the comparison's runs have different lengths.
 */
export interface TimeViewState {
  /** The zoomed window, or null for the whole run. */
  window: HourWindow | null;
  /** The picked hour (a round index), or null while none is picked. */
  picked: number | null;
  /** Sets the window; null (or a window covering the run) shows the whole run. */
  setWindow(w: HourWindow | null, totalRounds: number): void;
  zoom(factor: number, totalRounds: number, anchor?: number): void;
  pan(hours: number, totalRounds: number): void;
  /** Picks an hour; the window moves as little as it takes to show it. */
  pick(round: number | null, totalRounds: number): void;
  /** A new run: whole run, nothing picked. */
  reset(): void;
}

export type TimeViewStore = UseBoundStore<StoreApi<TimeViewState>>;

export function createTimeView(): TimeViewStore {
  return create<TimeViewState>()((set, get) => {
    const put = (w: HourWindow, total: number): void => {
      const next = clampWindow(w, total);
      const whole = next.from <= 0 && next.to >= total;
      const cur = get().window;
      if (whole ? cur === null : cur && cur.from === next.from && cur.to === next.to) return;
      set({ window: whole ? null : next });
    };
    return {
      window: null,
      picked: null,
      setWindow: (w, total) => put(w ?? clampWindow(null, total), total),
      zoom: (factor, total, anchor) =>
        put(zoomWindow(clampWindow(get().window, total), total, factor, anchor), total),
      pan: (hours, total) => put(panWindow(clampWindow(get().window, total), total, hours), total),
      pick(round, total) {
        if (round === null) {
          set({ picked: null });
          return;
        }
        const r = Math.max(0, Math.min(Math.max(0, total - 1), Math.round(round)));
        put(windowShowing(clampWindow(get().window, total), total, r), total);
        if (get().picked !== r) set({ picked: r });
      },
      reset: () => set({ window: null, picked: null }),
    };
  });
}

/** The dashboard's time axis. */
export const useDashboardTime = createTimeView();
/** The comparison's time axis. */
export const useCompareTime = createTimeView();
