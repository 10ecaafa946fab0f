"use client";

import { useEffect, useRef, useState } from "react";
import { TermsFields, type ProductOption, type ProviderOption } from "@/components/admin/terms-fields";
import { Button } from "@/components/ui/button";
import { FormMessage, TextField } from "@/components/ui/field";
import { useAction } from "@/components/ui/use-action";
import { codesCsv, codesCsvFileName, type IssuedBatch } from "@/lib/admin/codes-csv";
import { formatCodeForDisplay } from "@/lib/vouchers/code";
import { KIND_SINGULAR } from "@/lib/vouchers/kinds";
import { issueBatchAction } from "../actions";

/** How many codes the page lists; the CSV always holds all of them. */
const LISTED = 500;

/**
 * The codes of a batch just issued: listed once, grouped by 4, with a CSV made
 * in the browser (a Blob: the codes never travel again or touch a disk on the
 * server). Leaving the page loses them for good, so the browser asks first.
 */
function IssuedCodes({ batch, onDone }: { batch: IssuedBatch; onDone: () => void }) {
  const [downloaded, setDownloaded] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    if (downloaded) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [downloaded]);

  function download() {
    const url = URL.createObjectURL(new Blob([codesCsv(batch)], { type: "text/csv;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = codesCsvFileName(batch.batchPublicId);
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setDownloaded(true);
  }

  const shown = batch.codes.slice(0, LISTED);
  return (
    <section aria-labelledby="issued-heading" className="space-y-3 rounded-md border-2 border-amber-500 bg-amber-50 p-4">
      <h2 id="issued-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold">
        {batch.codes.length.toLocaleString("en-US")} codes issued for {batch.name}
      </h2>
      <p className="text-sm font-medium text-amber-900">
        These codes are shown only now. The database keeps only a keyed hash of each code, so after you leave this page no one can
        see them again, you included. Download the CSV or copy them now.
      </p>
      <p className="text-sm">
        Batch <span className="font-mono">{batch.batchPublicId}</span> · {KIND_SINGULAR[batch.kind]} codes
      </p>
      <div className="flex flex-wrap gap-2">
        <Button type="button" onClick={download}>
          Download CSV
        </Button>
        <Button type="button" variant="secondary" onClick={onDone}>
          {downloaded ? "Done" : "Done (discard the codes)"}
        </Button>
      </div>
      <p role="status" className="text-sm text-green-800">
        {downloaded ? "The CSV was downloaded." : ""}
      </p>
      {batch.codes.length > LISTED ? (
        <p className="text-sm">
          The first {LISTED} of {batch.codes.length.toLocaleString("en-US")} codes are listed; the CSV holds all of them.
        </p>
      ) : null}
      <ol aria-label="Issued codes" className="grid max-h-96 grid-cols-1 gap-x-6 gap-y-1 overflow-y-auto rounded bg-white p-3 font-mono text-sm sm:grid-cols-2 lg:grid-cols-3">
        {shown.map((code) => (
          <li key={code}>{formatCodeForDisplay(code)}</li>
        ))}
      </ol>
    </section>
  );
}

/** Issue vouchers (SPEC 8 and 9): terms, validity, redemption deadline and quantity; the codes come back once. */
export function IssueForm({ products, providers }: { products: ProductOption[]; providers: ProviderOption[] }) {
  const [issued, setIssued] = useState<IssuedBatch | null>(null);
  // A new form after each issue: the terms fields keep state that form.reset() would not.
  const [formKey, setFormKey] = useState(0);
  // Its request key: a double click or a retry has one effect.
  const action = useAction();
  const onSubmit = action.submit((values, requestKey) => issueBatchAction({ ...values, requestKey }), {
    onSuccess: (data) => {
      setIssued(data);
      setFormKey((k) => k + 1);
    },
  });

  if (issued) return <IssuedCodes batch={issued} onDone={() => setIssued(null)} />;

  return (
    <form key={formKey} onSubmit={onSubmit} aria-labelledby="issue-heading" className="space-y-4 rounded-md border border-slate-200 bg-white p-4" noValidate>
      <h2 id="issue-heading" className="text-lg font-semibold">
        Issue vouchers
      </h2>
      <TextField label="Name" name="name" maxLength={100} hint="Shown to customers when they check a code" error={action.error("name")} className="max-w-md" />
      <TermsFields error={action.error} products={products} providers={providers} daysLabel="Days from redemption" />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label="Redemption deadline"
          name="redeemBy"
          type="date"
          hint="Codes redeem until the end of this day; empty for no deadline"
          error={action.error("redeemBy")}
        />
        <TextField label="Quantity" name="quantity" inputMode="numeric" hint="1 to 100,000 codes" error={action.error("quantity")} />
      </div>
      <FormMessage error={action.message} />
      <Button type="submit" disabled={action.pending}>
        {action.pending ? "Issuing…" : "Issue"}
      </Button>
    </form>
  );
}
