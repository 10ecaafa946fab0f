import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function Forbidden() {
  const t = await getTranslations("common");
  return (
    <main className="mx-auto max-w-lg p-8">
      <h1 className="text-2xl font-semibold">{t("forbiddenTitle")}</h1>
      <p className="mt-2 text-slate-700">{t("forbiddenText")}</p>
      <Link className="mt-4 inline-block text-brand-700 underline" href="/billing">
        {t("backToBilling")}
      </Link>
    </main>
  );
}
