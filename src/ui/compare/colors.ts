import type { MechanismName } from '../../engine';

/** One fixed colour per mechanism, so a mechanism keeps its colour in every chart and run. */
export const MECHANISM_COLORS: Readonly<Record<MechanismName, string>> = {
  uniform: '#1f77b4',
  loyalty: '#d62728',
  'pay-as-bid': '#2ca02c',
  mcafee: '#9467bd',
  cda: '#ff7f0e',
  community: '#17becf',
  'thesis-loyal': '#8c564b',
  'thesis-simple': '#7f7f7f',
};
