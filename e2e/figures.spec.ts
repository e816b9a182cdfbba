import { readFileSync, writeFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from '@playwright/test';
import { createRun, endSummary, endSummaryText, resolveScenario } from '../src/engine';
import { expect, openDashboard, screenshot, test } from '../test/support/fixtures';

const SCENARIO = { preset: 'exp1' as const, households: 3, days: 1, seed: 4 };
const QUERY = `preset=${SCENARIO.preset}&households=${SCENARIO.households}&days=${SCENARIO.days}&seed=${SCENARIO.seed}`;

/** The same run in Node, to the end: the summary the CLI prints. */
function nodeSummary(): string {
  const run = createRun(resolveScenario(SCENARIO));
  while (!run.done) run.step();
  return endSummaryText(endSummary(run));
}

test('a finished run shows the engine’s end-of-run summary, line for line the CLI’s', async ({
  page,
}) => {
  await openDashboard(page, QUERY);
  await expect(page.getByTestId('end-summary')).toHaveCount(0);
  await page.getByLabel('Speed').selectOption({ label: 'As fast as possible' });
  await page.getByRole('button', { name: 'Play' }).click();
  const panel = page.getByTestId('end-summary');
  await expect(panel).toBeVisible();
  const lines = await panel
    .locator('dl > div')
    .evaluateAll((ds) =>
      ds.map((d) => `${d.querySelector('dt')?.textContent}: ${d.querySelector('dd')?.textContent}`),
    );
  expect(lines.join('\n')).toBe(nodeSummary());
  expect(lines.join('\n')).toContain("Thesis's energy print");
});

/**
 * Pixels of the PNG within a small distance of each colour, counted by the browser's own PNG
 * decoder (this program has no DOM types, so the page's code is a string).
 */
async function colourCounts(
  page: Page,
  png: Buffer,
  colours: readonly string[],
): Promise<{ width: number; height: number; counts: number[] }> {
  return page.evaluate(`(async () => {
    const b64 = ${JSON.stringify(png.toString('base64'))};
    const colours = ${JSON.stringify(colours)};
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bmp.width, bmp.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(bmp, 0, 0);
    const data = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
    const rgb = colours.map((c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)));
    const counts = rgb.map(() => 0);
    for (let p = 0; p < data.length; p += 4) {
      rgb.forEach(([r, g, b], k) => {
        const d = Math.abs(data[p] - r) + Math.abs(data[p + 1] - g) + Math.abs(data[p + 2] - b);
        if (d < 30) counts[k]++;
      });
    }
    return { width: bmp.width, height: bmp.height, counts };
  })()`);
}

test('a chart never scrolled into view exports as SVG and PNG with its lines, title, legend and caption', async ({
  page,
}, testInfo) => {
  await openDashboard(page, QUERY);
  await page.getByLabel('Speed').selectOption({ label: 'As fast as possible' });
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByTestId('end-summary')).toBeVisible();

  // The energy print is the last chart, far below the fold: the page never drew it.
  const chart = page.getByTestId('chart-print');
  const top = await chart.evaluate((el) => el.getBoundingClientRect().top);
  expect(top).toBeGreaterThan(page.viewportSize()?.height ?? 0);
  await expect(chart.locator('path.series-line')).toHaveCount(0);

  // dispatchEvent clicks without scrolling the button into view.
  const svgDownload = page.waitForEvent('download');
  await chart
    .getByRole('button', { name: 'Save Energy print chart as SVG' })
    .dispatchEvent('click');
  const svg = readFileSync(await (await svgDownload).path(), 'utf8');
  expect(svg).toContain('>Energy print</text>');
  expect(svg).toContain('Share (%)');
  expect(svg).toContain('Solar share of consumption (ours)');
  expect(svg).toContain("Thesis's energy print");
  expect(svg).toContain(
    `Scenario exp1, seed ${SCENARIO.seed}, mechanism ${resolveScenario(SCENARIO).auction}, 3 households, 1 day;`,
  );
  expect(svg).toContain('hours 0–24 of 24 (day 1, 00:00 to day 1, 23:00)');
  const lines = svg.match(/<path class="line" data-series="(\w+)" d="([^"]+)"/g) ?? [];
  expect(lines).toHaveLength(2);
  for (const l of lines) expect((l.match(/L/g) ?? []).length).toBeGreaterThan(10);

  const pngDownload = page.waitForEvent('download');
  await chart
    .getByRole('button', { name: 'Save Energy print chart as PNG' })
    .dispatchEvent('click');
  const png = readFileSync(await (await pngDownload).path());
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  await testInfo.attach('exported-print', { body: png, contentType: 'image/png' });
  writeFileSync(testInfo.outputPath('exported-print.png'), png);
  // The solar share's orange line, the thesis print's grey one, and black text (title, axes,
  // legend, caption) are all in the pixels.
  const { width, counts } = await colourCounts(page, png, ['#f59f00', '#495057', '#000000']);
  expect(width).toBe(1920);
  const [orange = 0, grey = 0, black = 0] = counts;
  expect(orange).toBeGreaterThan(500);
  expect(grey).toBeGreaterThan(300);
  expect(black).toBeGreaterThan(1000);
  // Still never drawn on the page: the export did not need it.
  await expect(chart.locator('path.series-line')).toHaveCount(0);

  // One action exports every chart: a zip with a PNG and an SVG of each.
  const zipDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all charts' }).click();
  const zip = unzipSync(readFileSync(await (await zipDownload).path()));
  const names = Object.keys(zip).sort();
  const ids = [
    'battery',
    'coin',
    'energy',
    'loyalty',
    'money',
    'price',
    'price-histogram',
    'print',
    'utility',
  ];
  expect(names).toEqual(ids.flatMap((id) => [`${id}.png`, `${id}.svg`]).sort());
  expect(strFromU8(zip['print.svg'] as Uint8Array)).toBe(svg);
  expect(strFromU8(zip['price-histogram.svg'] as Uint8Array)).toMatch(/<rect class="bar"/);
  writeFileSync(testInfo.outputPath('exported-coin.png'), zip['coin.png'] as Uint8Array);
  writeFileSync(
    testInfo.outputPath('exported-histogram.png'),
    zip['price-histogram.png'] as Uint8Array,
  );
});

/** Elements wider than the viewport or cut by their own box, for the failure message. */
const overflowing = `(() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > window.innerWidth + 0.5) {
      out.push((el.tagName + '.' + el.className + '#' + (el.id || '') + ' ' + Math.round(r.right)).slice(0, 120));
    }
  }
  return out.slice(0, 12);
})()`;

test('at 390 px the dashboard and the comparison are no wider than the screen, and the first chart comes before the settings', async ({
  page,
}, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openDashboard(page, QUERY);
  await page.getByLabel('Speed').selectOption({ label: 'As fast as possible' });
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByTestId('end-summary')).toBeVisible();
  await screenshot(page, 'dashboard-390', testInfo);
  // The document's width against the viewport's (a string: this program has no DOM types).
  const width = () =>
    page.evaluate<{ scroll: number; inner: number }>(
      '({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth })',
    );
  const dash = await width();
  expect(dash.scroll, JSON.stringify(await page.evaluate(overflowing))).toBeLessThanOrEqual(
    dash.inner,
  );
  // The first chart is reached before the scenario form, not after every setting.
  const chartTop = (await page.getByTestId('chart-price').boundingBox())?.y ?? Infinity;
  const scenarioTop = (await page.getByRole('heading', { name: 'Scenario' }).boundingBox())?.y ?? 0;
  expect(chartTop).toBeLessThan(scenarioTop);

  await page.getByRole('tab', { name: 'Compare mechanisms' }).click();
  await page.getByLabel('Speed').selectOption({ label: 'As fast as possible' });
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByTestId('compare-table').locator('caption')).toContainText(
    'after 24 of 24 hours',
  );
  await screenshot(page, 'compare-390', testInfo);
  const cmp = await width();
  expect(cmp.scroll, JSON.stringify(await page.evaluate(overflowing))).toBeLessThanOrEqual(
    cmp.inner,
  );
});

/** Each line of a comparison chart as its points' y values, read from the drawn SVG paths. */
async function compareLines(page: Page, chart: string): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const p of await page
    .getByTestId(`compare-chart-${chart}`)
    .locator('path.series-line')
    .all()) {
    const d = (await p.getAttribute('d')) ?? '';
    out[(await p.getAttribute('data-series')) ?? ''] = [...d.matchAll(/[ML][\d.]+,([\d.]+)/g)].map(
      (m) => Number(m[1]),
    );
  }
  return out;
}

test('the comparison draws daily means over a long window, every hour zoomed in, or differences from a baseline; its table has units and help', async ({
  page,
}) => {
  await page.goto(
    `${process.env.E2E_BASE_URL}/?view=compare&preset=exp3&seed=5&households=6&days=5&auctions=uniform,loyalty`,
  );
  await page.getByLabel('Speed').selectOption({ label: 'As fast as possible' });
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(page.getByTestId('compare-table').locator('caption')).toContainText(
    'after 120 of 120 hours',
  );
  // Five days: a point a day per line.
  const traded = page.getByTestId('compare-chart-traded');
  await expect(traded).toHaveAttribute('data-resolution', 'daily');
  await expect(page.getByTestId('compare-drawn-price')).toHaveText('daily means');
  await expect
    .poll(async () => Object.values(await compareLines(page, 'traded')).map((l) => l.length))
    .toEqual([5, 5]);

  // One day: every hour.
  await page.getByRole('button', { name: 'One day' }).click();
  await expect(traded).toHaveAttribute('data-resolution', 'hourly');
  await expect
    .poll(async () => Object.values(await compareLines(page, 'traded')).map((l) => l.length))
    .toEqual([24, 24]);
  await page.getByRole('button', { name: 'Whole run' }).click();

  // As differences from uniform: uniform is the flat line at 0, loyalty its own line.
  await page.getByLabel('Lines show').selectOption({ label: 'the difference from uniform' });
  await expect(page.getByTestId('compare-drawn-traded')).toHaveText(
    "daily means, each minus uniform's",
  );
  await expect.poll(async () => new Set((await compareLines(page, 'money')).uniform).size).toBe(1);
  const money = await compareLines(page, 'money');
  expect(new Set(money.loyalty).size).toBeGreaterThan(1);

  // The figure says so too.
  const svgDownload = page.waitForEvent('download');
  await page
    .getByRole('button', { name: 'Save Mean money balance per household chart as SVG' })
    .click();
  const svg = readFileSync(await (await svgDownload).path(), 'utf8');
  expect(svg).toContain('Money with the grid, minus uniform&#39;s (coins)'.replace('&#39;', "'"));
  expect(svg).toContain("lines show daily means, each minus uniform's");
  expect(svg).toContain('compared: uniform, loyalty');

  // Units in the table's heads, and a sentence per column.
  const heads = await page.getByTestId('compare-table').locator('thead th').allTextContents();
  expect(heads).toContain('mean price coins / 100 Wh');
  expect(heads).toContain('traded kWh');
  await page.getByText('What the columns mean').click();
  await expect(page.getByTestId('compare-column-help').locator('dd')).toHaveCount(heads.length);
});
