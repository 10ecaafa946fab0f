import Link from "next/link";
import { connection } from "next/server";
import { getTranslations } from "next-intl/server";

// Rendered per request, never prerendered: its scripts need this request's CSP nonce (proxy.ts).
export default async function NotFound() {
  await connection();
  const t = await getTranslations("common");
  return (
    <main className="mx-auto max-w-lg p-8">
      <h1 className="text-2xl font-semibold">{t("notFoundTitle")}</h1>
      <p className="mt-2 text-slate-700">{t("notFoundText")}</p>
      <Link className="mt-4 inline-block text-brand-700 underline" href="/">
        {t("home")}
      </Link>
    </main>
  );
}
