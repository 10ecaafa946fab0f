"use client";

/**
 * The table of a chart's numbers, from text the server formatted: one client
 * component with the cells as an array of strings, so the page's Flight payload
 * carries each number once as a string instead of an element per cell (issue 18:
 * a 30-day chart of six sources is 240 cells). Rendered on the server like any
 * other component; nothing here runs logic beyond laying the strings out.
 */
export function ChartTableView({ caption, headers, rows }: { caption: string; headers: readonly string[]; rows: ReadonlyArray<readonly string[]> }) {
  return (
    // Cell padding and rules are set once on the table, not on each of the hundreds of cells (issue 18: page weight).
    <table className="w-full text-left text-xs tabular-nums [&_td]:py-1 [&_td]:pr-3 [&_th]:py-1 [&_th]:pr-3 [&_tr]:border-b [&_tbody_tr]:border-slate-100 [&_thead_tr]:border-slate-200 [&_thead_th]:font-medium [&_tbody_th]:font-normal">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          {headers.map((h, i) => (
            <th key={i} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(([category, ...cells], i) => (
          <tr key={i}>
            <th scope="row">{category}</th>
            {cells.map((c, k) => (
              <td key={k}>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
