import Link from "next/link";
import { connection } from "next/server";

// Rendered per request, never prerendered: its scripts need this request's CSP nonce (proxy.ts).
export default async function NotFound() {
  await connection();
  return (
    <main className="mx-auto max-w-lg p-8">
      <h1 className="text-2xl font-semibold">404 · Not found</h1>
      <p className="mt-2 text-slate-700">There is nothing here.</p>
      <Link className="mt-4 inline-block text-brand-700 underline" href="/">
        Home
      </Link>
    </main>
  );
}
