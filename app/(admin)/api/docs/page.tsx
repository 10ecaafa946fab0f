import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeading } from "@/components/admin/page-heading";
import { requireAdminPage } from "@/lib/page";
import { SCALAR_BUNDLE_URL } from "@/lib/api/reference";
import { ApiReference } from "./_components/api-reference";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("apiDocs"))("title") };
}

/**
 * /api/docs: the reference of /api/v1 for admins (docs/api.md), rendered by
 * Scalar from /api/v1/openapi.json. Scalar's bundle is a static file of this
 * app (public/vendor/scalar/, lib/api/reference.ts) loaded on this page only,
 * under the page's nonce-based CSP (see ApiReference).
 */
export default async function ApiDocsPage() {
  await requireAdminPage();
  const t = await getTranslations("apiDocs");
  return (
    <div className="space-y-4">
      <PageHeading title={t("title")}>
        {t.rich("intro", {
          document: (chunks) => (
            <a href="/api/v1/openapi.json" className="underline" translate="no">
              {chunks}
            </a>
          ),
        })}
      </PageHeading>
      <ApiReference documentUrl="/api/v1/openapi.json" scriptUrl={SCALAR_BUNDLE_URL} loading={t("loading")} failed={t("failed")} />
    </div>
  );
}
