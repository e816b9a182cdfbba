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

  it('draws a band as one filled area between its edges, under the lines, with a legend entry', () => {
    const { svg } = figureSvg({
      ...base,
      bands: [
        {
          key: 'band-p10-p90',
          name: '10th to 90th percentile',
          color: '#6d83a6',
          opacity: 0.3,
          points: [
            [0, 1, 9],
            [5, null, 8],
            [10, 2, 20],
          ],
        },
      ],
    });
    const band = svg.match(/<path class="band" data-series="band-p10-p90" d="([^"]+)"/);
    expect(band).not.toBeNull();
    // Two points kept (the one without a lower edge left out): top edge there, bottom edge back.
    expect(band?.[1]?.match(/[ML]/g)).toHaveLength(4);
    expect(band?.[1]?.endsWith('Z')).toBe(true);
    expect(svg).toContain('fill-opacity="0.3"');
    expect(svg).toContain('>10th to 90th percentile</text>');
    // The upper edge (20) is inside the y scale; the band comes before the lines.
    expect(svg).toContain('>20</text>');
    expect(svg.indexOf('class="band"')).toBeLessThan(svg.indexOf('class="line"'));
  });
});
