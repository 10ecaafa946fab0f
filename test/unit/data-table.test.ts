import { createElement, type ComponentProps } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { NextIntlClientProvider } from "next-intl";
import { DataTable, type Column, type DataTableProps } from "@/components/ui/data-table";
import en from "@/messages/en.json";

interface Row {
  publicId: string;
  amount: number;
}

const columns: Array<Column<Row> | false> = [
  { header: "ID", className: "font-mono", cell: (r) => r.publicId },
  false,
  { header: "Amount", numeric: true, cell: (r) => String(r.amount) },
];

const render = (props: Partial<DataTableProps<Row>>) =>
  renderToStaticMarkup(
    createElement(
      NextIntlClientProvider,
      { locale: "en", messages: en, timeZone: "Asia/Shanghai" } as ComponentProps<typeof NextIntlClientProvider>,
      createElement(DataTable<Row>, { label: "Things", columns, rows: [], ...props }),
    ),
  );

describe("DataTable", () => {
  it("renders a focusable labelled region with column headers and one row per item", () => {
    const html = render({ rows: [{ publicId: "x_1", amount: 5 }, { publicId: "x_2", amount: 7 }], caption: "Things, newest first", minWidth: "30rem" });
    expect(html).toContain('role="region" aria-label="Things" tabindex="0"');
    expect(html).toContain('style="min-width:30rem"');
    expect(html).toContain('<caption class="sr-only">Things, newest first</caption>');
    expect(html.match(/<th scope="col"/g)).toHaveLength(2);
    // Cell padding is set once on the table, not on every cell (smaller pages, docs/performance.md).
    expect(html).toContain('<table class="w-full text-left text-sm [&amp;_td]:px-3 [&amp;_td]:py-2 [&amp;_th]:px-3 [&amp;_th]:py-2"');
    expect(html).toContain('<th scope="col" class="font-medium text-right">Amount</th>');
    expect(html).toContain('<td class="font-mono">x_2</td>');
    expect(html).toContain('<td class="text-right">7</td>');
    expect(html.match(/<tr>/g)).toHaveLength(3);
  });

  it("shows the empty state instead of the table, or nothing without one", () => {
    expect(render({ empty: "Nothing yet." })).toBe('<p class="text-sm text-slate-600">Nothing yet.</p>');
    expect(render({ empty: "Nothing yet.", emptyStyle: "panel" })).toMatch(/^<div class="rounded-md border border-dashed[^"]*"><p>Nothing yet\.<\/p><\/div>$/);
    expect(render({})).toBe("");
  });

  it("adds the keyset pager only when there is another page", () => {
    expect(render({ empty: "None.", pager: { label: "Things pages" } })).not.toContain("<nav");
    const html = render({ empty: "None.", pager: { label: "Things pages", first: "/things", next: "/things?cursor=b", nextText: "Older entries" } });
    expect(html).toContain('<nav aria-label="Things pages"');
    expect(html).toContain('href="/things">First page</a>');
    expect(html).toContain('href="/things?cursor=b">Older entries</a>');
    expect(html).not.toContain("Previous page");
  });
});
