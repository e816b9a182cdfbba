import { describe, expect, it } from 'vitest';
import { verdict } from './replicate';
import { histogramSvg } from './replicateSvg';
import { pairedDifferences } from './sweepStats';

describe('replicate', () => {
  it('a claim survives only when the whole interval lies on its side', () => {
    expect(verdict(pairedDifferences([3, 4, 5, 6], [1, 1.5, 2, 2.5]), 1)).toBe('survives');
    expect(verdict(pairedDifferences([3, 4, 5, 6], [1, 1.5, 2, 2.5]), -1)).toBe('reversed');
    expect(verdict(pairedDifferences([1, -1, 2, -2], [0, 0, 0, 0]), 1)).toBe('no effect');
    expect(verdict(pairedDifferences([1], [0]), 1)).toBe('not measurable');
  });

  it("plots each series' counts and the thesis's value as a red line at its place", () => {
    const svg = histogramSvg({
      title: 'a & b',
      unit: 'kWh',
      series: [{ label: 'ours', colour: '#1f77b4', values: [0, 0, 10] }],
      thesis: 10,
      bins: 2,
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('a &amp; b');
    // Two bars (2 seeds in the first bin, 1 in the last) and the legend's swatch.
    expect(svg.match(/<rect x=[^>]*fill="#1f77b4" fill-opacity/g)).toHaveLength(3);
    expect(svg).toContain('thesis 10');
    const line = /<line x1="([\d.]+)"[^>]*stroke="#d62728"/.exec(svg);
    // 10 is the top of the range [0 - 3%, 10 + 3%]: near the right edge of the plot.
    expect(Number(line?.[1])).toBeGreaterThan(500);
  });
});
