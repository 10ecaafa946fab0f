import type { Metadata } from "next";
import { Suspense } from "react";
import { getTranslations } from "next-intl/server";
import { BillingOverview } from "./_components/billing-overview";
import { BillingInsightsSection, InsightsPlaceholder } from "./_components/billing-insights";
import type { Viewer } from "@/lib/dal/viewer";
import { VoucherPanel } from "./_components/voucher-panel";
import { VoucherTabs } from "./_components/voucher-tabs";
import { ClientMessages } from "@/components/i18n/client-messages";
import { getMyBillingOverview } from "@/lib/dal/vouchers";
import { getMyInsights } from "@/lib/dal/insights/overview";
import { requireCustomerPage } from "@/lib/page";
import { parseVoucherListParams } from "@/lib/vouchers/list-filter";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("billing"))("title") };
}

/** The insights read the account's recent history, the slowest part of the page: streamed after the rest. */
async function Insights({ viewer, now }: { viewer: Viewer; now: Date }) {
  return <BillingInsightsSection insights={await getMyInsights(viewer, now)} />;
}

/** The Billing Center: overview, then the voucher tab named by the URL (lib/vouchers/list-filter.ts). */
export default async function BillingPage({ searchParams }: PageProps<"/billing">) {
  const viewer = await requireCustomerPage();
  // Never throws: a wrong value in the URL is dropped and explained next to its field.
  const state = parseVoucherListParams(await searchParams);
  const now = new Date();
  const overview = await getMyBillingOverview(viewer, now);

  return (
    <div className="space-y-8">
      <BillingOverview overview={overview} now={now} />
      <Suspense fallback={<InsightsPlaceholder />}>
        <Insights viewer={viewer} now={now} />
      </Suspense>
      <ClientMessages set="vouchers">
        <VoucherTabs kind={state.tab}>
          <VoucherPanel viewer={viewer} now={now} state={state} />
        </VoucherTabs>
      </ClientMessages>
    </div>
  );
}
