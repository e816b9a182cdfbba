import { strToU8, zipSync } from 'fflate';
import { download } from '../download';
import { svgToPng } from './figurePng';
import { figureSvg, type Figure } from './figureSvg';

export type FigureFormat = 'png' | 'svg';

/** Downloads one figure as `<stem>-<id>.png` or `.svg`. */
export async function saveFigure(f: Figure, format: FigureFormat, stem: string): Promise<void> {
  const { svg, width, height } = figureSvg(f);
  const name = `${stem}-${f.id}.${format}`;
  if (format === 'svg') download(name, 'image/svg+xml', svg);
  else download(name, 'image/png', await svgToPng(svg, width, height));
}

/**
 * Every figure in one zip, `<stem>-charts.zip`: a PNG and an SVG of each (one download rather
 * than a browser prompt per file).
 */
export async function saveFigures(figures: readonly Figure[], stem: string): Promise<void> {
  const files: Record<string, Uint8Array> = {};
  for (const f of figures) {
    const { svg, width, height } = figureSvg(f);
    files[`${f.id}.svg`] = strToU8(svg);
    files[`${f.id}.png`] = new Uint8Array(await (await svgToPng(svg, width, height)).arrayBuffer());
  }
  // PNGs are compressed already; storing them keeps the zip quick to build.
  const zip = zipSync(files, { level: 0 });
  download(`${stem}-charts.zip`, 'application/zip', zip);
}
