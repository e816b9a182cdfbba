import { MECHANISM_NAMES, PRESET_NAMES } from '../engine';
import { MECHANISM_HELP, PRESET_HELP, UNIT_HELP, UNITS } from './words';

/** One list of terms and their help, each entry findable by its test id. */
function Terms({
  title,
  kind,
  terms,
}: {
  title: string;
  kind: string;
  terms: readonly { readonly term: string; readonly help: string }[];
}) {
  return (
    <>
      <h3>{title}</h3>
      <dl>
        {terms.map(({ term, help }) => (
          <div key={term} data-testid={`words-${kind}-${term}`}>
            <dt>{term}</dt>
            <dd>{help}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

/**
 * What the page's words mean: every preset, mechanism and unit with its help (words.ts), from
 * the same lists the form and the comparison draw, folded away until asked for.
 */
export function WordsPanel() {
  return (
    <details className="panel words" data-testid="words">
      <summary>What the words mean</summary>
      <Terms
        title="Presets"
        kind="preset"
        terms={PRESET_NAMES.map((p) => ({ term: p, help: PRESET_HELP[p] }))}
      />
      <Terms
        title="Mechanisms"
        kind="mechanism"
        terms={MECHANISM_NAMES.map((m) => ({ term: m, help: MECHANISM_HELP[m] }))}
      />
      <Terms
        title="Units"
        kind="unit"
        terms={UNITS.map((u) => ({ term: u, help: UNIT_HELP[u] }))}
      />
    </details>
  );
}
