import { createRun, endSummary, endSummaryText, resolveScenario } from '../src/engine';
import { expect, openDashboard, test } from '../test/support/fixtures';

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
