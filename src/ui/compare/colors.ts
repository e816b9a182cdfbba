import { MECHANISM_NAMES, type MechanismName } from '../../engine';

/** Distinct colours (d3's category10, reordered), handed out in the registry's order. */
const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#ff7f0e',
  '#17becf',
  '#8c564b',
  '#7f7f7f',
  '#e377c2',
  '#bcbd22',
] as const;

/**
 * A mechanism's colour, fixed by its place in the registry, so it keeps its colour in every
 * chart and run, and a newly registered mechanism gets one without being listed here.
 */
export function mechanismColor(m: MechanismName): string {
  return PALETTE[Math.max(0, MECHANISM_NAMES.indexOf(m)) % PALETTE.length] ?? PALETTE[0];
}
