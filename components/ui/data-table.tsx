import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

// Decision: a small typed component, not headless TanStack Table. Nearly every table
// renders in a Server Component, and `useReactTable` keeps its model in React state,
// which a Server Component cannot hold; sorting and paging happen in SQL (keyset
// cursors in the DAL), so a table model would add a dependency and no feature.

/** One column: its header, how a row fills its cell, and the classes of its cells. */
export interface Column<Row> {
  /** Header text (an actions column passes an sr-only name); always a `scope="col"` header. */
  header: ReactNode;
  cell: (row: Row, index: number) => ReactNode;
  /** Classes of the column's cells, e.g. "whitespace-nowrap", "font-mono text-xs", "tabular-nums". */
  className?: string;
  /** Right-aligns the header and the cells: amounts compared down the column. */
  numeric?: boolean;
}

/** Keyset paging links under a table: URLs built by the page, names fixed here. */
export interface Pager {
  /** Names the navigation landmark ("Usage history pages"). */
  label: string;
  first?: string | null;
  previous?: string | null;
  next?: string | null;
  /** The next link's text where "Next page" (ui.pager.next) is not the word ("Older entries"). */
  nextText?: string;
  /** Keep the scroll position: set where the pager sits in a panel that should stay in view. */
  keepScroll?: boolean;
}

const linkClass = "font-medium text-brand-700 underline underline-offset-2 hover:text-brand-600";

/** First / Previous / Next links of a keyset-paged list; nothing when there is only one page. */
export function KeysetPager({ label, first, previous, next, nextText, keepScroll = false }: Pager) {
  if (!first && !previous && !next) return null;
  return <PagerLinks label={label} first={first} previous={previous} next={next} nextText={nextText} keepScroll={keepScroll} />;
}

function PagerLinks({ label, first, previous, next, nextText, keepScroll = false }: Pager) {
  const t = useTranslations("ui.pager");
  const scroll = !keepScroll;
  return (
    <nav aria-label={label} className="flex flex-wrap justify-between gap-3 text-sm">
      <span className="flex gap-4">
        {first ? (
          <Link href={first} scroll={scroll} className={linkClass}>
            {t("first")}
          </Link>
        ) : null}
        {previous ? (
          <Link href={previous} scroll={scroll} className={linkClass}>
            {t("previous")}
          </Link>
        ) : null}
      </span>
      {next ? (
        <Link href={next} scroll={scroll} className={linkClass}>
          {nextText ?? t("next")}
        </Link>
      ) : null}
    </nav>
  );
}

/** A link inside a cell, in the tables' one link style. */
export function CellLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} className="underline" translate="no">
      {children}
    </Link>
  );
}

/** A row's name (or a link on it) with its public id under it. */
export function NameAndId({ name, id }: { name: ReactNode; id: string }) {
  return (
    <>
      <span translate="no">{name}</span>
      <div className="font-mono text-xs text-slate-600">{id}</div>
    </>
  );
}

const EMPTY_STYLES = {
  /** A quiet line under a section heading (admin pages, order details). */
  note: "text-sm text-slate-600",
  /** A dashed panel where a list's rows would stand (the customers' lists). */
  panel: "rounded-md border border-dashed border-slate-300 bg-white p-6 text-center text-slate-700",
} as const;

export interface DataTableProps<Row> {
  /** The accessible name of the scrollable region: what e2e tests and screen readers find the table by. */
  label: string;
  /** An sr-only caption, where the table itself should be named too. */
  caption?: string;
  /** `false` entries leave a column out (a column shown only for one kind of row set). */
  columns: ReadonlyArray<Column<Row> | false>;
  rows: readonly Row[];
  /** Defaults to the row's `publicId` where it has one, else its position (pages render rows in a fixed order). */
  rowKey?: (row: Row, index: number) => string | number;
  /** Below it the region scrolls sideways instead of squeezing the columns. */
  minWidth?: string;
  /** Shown instead of the table when there is no row (phrasing content); without it, nothing is. */
  empty?: ReactNode;
  emptyStyle?: keyof typeof EMPTY_STYLES;
  pager?: Pager;
  /** Headers on one line each (wide tables whose headers would otherwise break). */
  nowrapHeaders?: boolean;
  /** Cells aligned to the top: rows of uneven height (JSON blocks). */
  alignTop?: boolean;
  /**
   * The body's rows, rendered by the caller instead of the columns' cells (the
   * columns then give only the headers): a client component that lays out rows
   * from compact data, for long lists (issue 18: page weight).
   */
  body?: ReactNode;
}

/** Class names without the blanks of unset options. */
const cx = (...names: Array<string | false | undefined>) => names.filter(Boolean).join(" ");

function publicIdOrIndex(row: unknown, index: number): string | number {
  return typeof row === "object" && row !== null && "publicId" in row && typeof row.publicId === "string" ? row.publicId : index;
}

/**
 * The one table of both consoles: a labelled region that keyboard users can focus
 * and scroll sideways at 375 px, `scope="col"` headers, one row per item, the
 * empty state in its place, and the keyset pager under it.
 */
export function DataTable<Row>({
  label,
  caption,
  columns,
  rows,
  rowKey = publicIdOrIndex,
  minWidth = "40rem",
  empty,
  emptyStyle = "note",
  pager,
  nowrapHeaders = false,
  alignTop = false,
  body: customBody,
}: DataTableProps<Row>) {
  const shown = columns.filter((c): c is Column<Row> => c !== false);
  let body: ReactNode = null;
  if (rows.length > 0) {
    body = (
      // `relative` contains absolutely positioned sr-only texts, which would otherwise
      // widen the page itself at their place in a wide table.
      <div role="region" aria-label={label} tabIndex={0} className="relative overflow-x-auto rounded-md border border-slate-200 bg-white">
        {/* Cell padding is set once on the table rather than on every cell: a page of rows is half as heavy (issue 18). */}
        <table className="w-full text-left text-sm [&_td]:px-3 [&_td]:py-2 [&_th]:px-3 [&_th]:py-2" style={{ minWidth }}>
          {caption ? <caption className="sr-only">{caption}</caption> : null}
          <thead className="bg-slate-50 text-slate-700">
            <tr>
              {shown.map((c, i) => (
                <th key={i} scope="col" className={cx("font-medium", nowrapHeaders && "whitespace-nowrap", c.numeric && "text-right")}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className={cx("divide-y divide-slate-100", alignTop && "align-top")}>
            {customBody ?? rows.map((row, index) => (
              <tr key={rowKey(row, index)}>
                {shown.map((c, i) => {
                  // No className at all where a column has none: an unset prop still costs its name in the Flight payload.
                  const className = cx(c.numeric && "text-right", c.className);
                  return (
                    <td key={i} {...(className ? { className } : {})}>
                      {c.cell(row, index)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  } else if (empty !== undefined) {
    body = emptyStyle === "panel" ? <div className={EMPTY_STYLES.panel}><p>{empty}</p></div> : <p className={EMPTY_STYLES.note}>{empty}</p>;
  }
  return (
    <>
      {body}
      {pager ? <KeysetPager {...pager} /> : null}
    </>
  );
}
