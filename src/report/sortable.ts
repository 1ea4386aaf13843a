/**
 * Sorting of the page's tables (`table.sortable`): a click on a column heading's button sorts the
 * rows by that column, again the other way. Numbers sort by the cell's `data-v` (the exact
 * value), text by its content; empty cells (—) go last either way. Self-contained: the page embeds
 * this function's source text, so it may use nothing from outside its body.
 */

import { pageScript } from './trade-chart.js';

interface SortElement {
  textContent: string | null;
  readonly children: ArrayLike<SortElement>;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  querySelector(selector: string): SortElement | null;
  querySelectorAll(selector: string): { forEach(each: (element: SortElement) => void): void };
  addEventListener(type: string, listener: () => void): void;
  appendChild(child: SortElement): void;
  closest(selector: string): SortElement | null;
}
declare const document: SortElement;

export function bindSortableTables(): void {
  document.querySelectorAll('table.sortable').forEach((table) => {
    const body = table.querySelector('tbody');
    if (!body) return;
    table.querySelectorAll('thead button[data-col]').forEach((button) => {
      button.addEventListener('click', () => {
        const column = Number(button.getAttribute('data-col'));
        const heading = button.closest('th');
        const numeric = button.getAttribute('data-numeric') === '1';
        // numbers first largest (the best return on top), text first A..Z; a second click reverses
        const current = heading ? heading.getAttribute('aria-sort') : null;
        const descending = current === 'none' || current === null ? numeric : current === 'ascending';
        table.querySelectorAll('thead th').forEach((th) => th.setAttribute('aria-sort', 'none'));
        if (heading) heading.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
        const key = (row: SortElement): number | string | null => {
          const cell = row.children[column];
          if (!cell) return null;
          const raw = cell.getAttribute('data-v');
          if (numeric) return raw === null || raw === '' ? null : Number(raw);
          const text = (cell.textContent ?? '').trim();
          return text === '' || text === '—' ? null : text;
        };
        const rows = Array.from(body.children);
        const keyed = rows.map((row, index) => ({ row, index, key: key(row) }));
        keyed.sort((a, b) => {
          if (a.key === null || b.key === null) return a.key === null && b.key === null ? a.index - b.index : a.key === null ? 1 : -1;
          const order = typeof a.key === 'number' && typeof b.key === 'number' ? a.key - b.key : String(a.key).localeCompare(String(b.key));
          return (descending ? -order : order) || a.index - b.index;
        });
        keyed.forEach((entry) => body.appendChild(entry.row));
      });
    });
  });
}

/** The function as page script. */
export function sortableTablesScript(): string {
  return pageScript(`(${bindSortableTables.toString()})();`);
}
