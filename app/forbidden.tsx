import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-lg p-8">
      <h1 className="text-2xl font-semibold">403 · Not allowed</h1>
      <p className="mt-2 text-slate-700">This page is for platform administrators only.</p>
      <Link className="mt-4 inline-block text-brand-700 underline" href="/billing">
        Back to the Billing Center
      </Link>
    </main>
  );
}
