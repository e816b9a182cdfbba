import { describe, expect, it } from 'vitest';
import { figureSvg, type Figure } from './figureSvg';

const base: Figure = {
  id: 'f',
  title: 'Price <per> round',
  xLabel: 'Time',
  yLabel: 'Price (coins / 100 Wh)',
  xDomain: [0, 10],
  lines: [
    {
      key: 'a',
      name: 'A & B',
      color: '#ff0000',
      points: [
        [0, 1],
        [5, null],
        [10, 3],
      ],
    },
    {
      key: 'h1',
      name: 'Household 1',
      group: 'Each household',
      color: '#ccc',
      points: [
        [0, 2],
        [10, 2],
      ],
    },
    {
      key: 'h2',
      name: 'Household 2',
      group: 'Each household',
      color: '#ccc',
      points: [
        [0, 1],
        [10, 1],
      ],
    },
  ],
  caption: 'Scenario exp1, seed 4',
};

describe('figureSvg', () => {
  it('holds title, axis labels, escaped text, one legend entry per crowd and the caption', () => {
    const { svg, width, height } = figureSvg(base);
    expect(width).toBe(960);
    expect(height).toBeGreaterThan(400);
    expect(svg).toContain('>Price &lt;per&gt; round</text>');
    expect(svg).toContain('Price (coins / 100 Wh)');
    expect(svg).toContain('>A &amp; B</text>');
    expect(svg.match(/>Each household</g)).toHaveLength(1);
    expect(svg).not.toContain('>Household 1<');
    expect(svg).toContain('Scenario exp1, seed 4');
    expect(svg.match(/<path class="line"/g)).toHaveLength(3);
  });

  it('bridges a missing point, or breaks the line there when asked', () => {
    const path = (f: Figure) => /data-series="a" d="([^"]+)"/.exec(figureSvg(f).svg)?.[1] ?? '';
    expect(path(base).match(/M/g)).toHaveLength(1);
    expect(path({ ...base, connectNulls: false }).match(/M/g)).toHaveLength(2);
    const twoPieces: Figure = {
      ...base,
      connectNulls: false,
      lines: [
        {
          key: 'a',
          name: 'A',
          color: '#f00',
          points: [
            [0, 1],
            [1, 2],
            [2, null],
            [3, 1],
            [4, 2],
          ],
        },
      ],
    };
    expect(path(twoPieces).match(/M/g)).toHaveLength(2);
  });

  it('says there is no data rather than drawing empty axes silently', () => {
    const { svg } = figureSvg({ ...base, lines: [] });
    expect(svg).toContain('No data in these hours');
  });
});
