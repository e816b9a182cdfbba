import { useState } from 'react';
import type { Figure } from './figureSvg';
import { saveFigure, type FigureFormat } from './saveFigure';

/**
 * A chart's PNG and SVG buttons. The figure is built when asked, from the data (`figure`), so a
 * chart that was never on screen exports what it would show.
 */
export function FigureButtons({
  title,
  figure,
  stem,
}: {
  title: string;
  figure: () => Figure | null;
  stem: () => string;
}) {
  const [failed, setFailed] = useState<string | null>(null);
  const save = (format: FigureFormat): void => {
    const f = figure();
    if (!f) return;
    setFailed(null);
    saveFigure(f, format, stem()).catch((e: unknown) =>
      setFailed(e instanceof Error ? e.message : String(e)),
    );
  };
  return (
    <span className="figure-buttons">
      {(['png', 'svg'] as const).map((format) => (
        <button
          key={format}
          type="button"
          className="png"
          aria-label={`Save ${title} chart as ${format.toUpperCase()}`}
          onClick={() => save(format)}
        >
          {format.toUpperCase()}
        </button>
      ))}
      {failed ? (
        <span className="hint" role="alert">
          {failed}
        </span>
      ) : null}
    </span>
  );
}
