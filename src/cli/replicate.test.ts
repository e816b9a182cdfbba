import { describe, expect, it } from 'vitest';
import { consumerSpendNote, paired, precise, verdict } from './replicate';
import { histogramSvg } from './replicateSvg';
import { pairedDifferences } from './sweepStats';

describe('replicate', () => {
  it('an effect shows as many decimals as its interval needs, neither 0.00 nor 12 digits', () => {
    const PTS = { k: 100, digits: 2, suffix: ' pts' };
    const COINS = { k: 1, digits: 0, suffix: ' coins' };
    // Differences of -0.00002 to -0.00004 (x100: -0.002 to -0.004 pts): mean -0.003 pts, sd
    // 0.001 pts, CI half-width t(0.975, 2) x 0.001 / sqrt(3) = 0.0024843 pts: two significant
    // digits of it are 4 decimals.
    const small = pairedDifferences([-0.00002, -0.00003, -0.00004], [0, 0, 0]);
    expect(paired(small, PTS)).toBe('-0.0030 pts [-0.0055 pts, -0.0005 pts], dz -3.00, n=3');
    // A large effect keeps the scale's own decimals (none here) with thousands grouped.
    const large = pairedDifferences([68_000, 68_500, 68_400], [0, 0, 0]);
    expect(paired(large, COINS)).toMatch(/^68,300 coins \[67,6\d\d coins, 68,9\d\d coins\]/);
    // No spread: said so, without a vacuous interval; a negative zero loses its sign.
    expect(paired(pairedDifferences([1, 2], [1, 2]), COINS)).toBe('0 coins on every seed, n=2');
    expect(paired(pairedDifferences([-0.0001, 0.0001], [0, 0]), { ...COINS, digits: 0 })).toMatch(
      /^0\.0000 coins \[/,
    );
    expect(precise(PTS, null)).toBe(PTS);
    expect(precise(PTS, 1e-12).digits).toBe(6);
  });

  it('a claim survives only when the whole interval lies on its side', () => {
    expect(verdict(pairedDifferences([3, 4, 5, 6], [1, 1.5, 2, 2.5]), 1)).toBe('survives');
    expect(verdict(pairedDifferences([3, 4, 5, 6], [1, 1.5, 2, 2.5]), -1)).toBe('reversed');
    expect(verdict(pairedDifferences([1, -1, 2, -2], [0, 0, 0, 0]), 1)).toBe('no effect');
    expect(verdict(pairedDifferences([1], [0]), 1)).toBe('not measurable');
  });

  it("explains a consumers' coin gain that learning leaves unchanged, and only then", () => {
    // exp4 starts every household with 2,000 coins; gains of -1,998 and -1,996 leave 3 on average.
    const note = consumerSpendNote('default', pairedDifferences([5, 7], [5, 7]), [-1998, -1996]);
    expect(note).toContain('consumers end with 3.000 coins on average of the 2,000.000 coins');
    expect(note).toContain('within the first 100 days');
    expect(consumerSpendNote('default', pairedDifferences([5, 8], [5, 7]), [-1998])).toBe('');
    expect(consumerSpendNote('default', pairedDifferences([5, 7], [5, 7]), [])).toBe('');
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
