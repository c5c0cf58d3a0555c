import { useState } from 'react';
import type { PageInfo } from '../api/types';

/**
 * Forward cursor paging as a list's pages: the cursors of the pages seen so far, so that
 * "Previous page" goes back to the one before (the API pages forward only).
 */
export function useCursorPages() {
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  return {
    /** The `after` of the page shown. */
    after: cursors.at(-1) ?? null,
    page: cursors.length,
    back: () => setCursors((c) => c.slice(0, -1)),
    forward: (endCursor: string) => setCursors((c) => [...c, endCursor]),
    /** Back to the first page, when the filters change. */
    restart: () => setCursors([null]),
  };
}

/** Previous and next page buttons for a list paged with useCursorPages. */
export function Pager({ label, pages, pageInfo }: { label: string; pages: ReturnType<typeof useCursorPages>; pageInfo: PageInfo | undefined }) {
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={pages.page < 2} onClick={pages.back}>
        Previous page
      </button>
      <span className="muted">Page {pages.page}</span>
      <button type="button" disabled={!pageInfo?.hasNextPage} onClick={() => pageInfo?.endCursor && pages.forward(pageInfo.endCursor)}>
        Next page
      </button>
    </nav>
  );
}
