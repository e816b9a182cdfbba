import { INSPECT_PAGE_ROWS } from '../../worker/protocol';

/**
 * Rows `offset + 1` to `offset + shown` of `total`, with the pages before and after. Tables page
 * rather than show every row: layout and paint of hundreds of rows were the longest main-thread
 * tasks of a 1,000-household round (npm run bench, inspector figures).
 */
export function Pager({
  noun,
  page,
  go,
}: {
  noun: string;
  page: { readonly offset: number; readonly total: number; readonly rows: readonly unknown[] };
  go: (offset: number) => void;
}) {
  if (page.total <= page.rows.length) return null;
  const last = page.offset + page.rows.length;
  return (
    <p className="pager" data-testid={`pager-${noun.replace(/ /g, '-')}`} data-offset={page.offset}>
      {noun} {page.offset + 1}–{last} of {page.total}{' '}
      <button
        type="button"
        disabled={page.offset === 0}
        onClick={() => go(Math.max(0, page.offset - INSPECT_PAGE_ROWS))}
      >
        Previous {INSPECT_PAGE_ROWS}
      </button>{' '}
      <button type="button" disabled={last >= page.total} onClick={() => go(last)}>
        Next {INSPECT_PAGE_ROWS}
      </button>
    </p>
  );
}
