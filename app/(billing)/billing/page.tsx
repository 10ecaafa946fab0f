import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { BillingOverview } from "./_components/billing-overview";
import { VoucherPanel } from "./_components/voucher-panel";
import { VoucherTabs } from "./_components/voucher-tabs";
import { getMyBillingOverview } from "@/lib/dal/vouchers";
import { requireCustomerPage } from "@/lib/page";
import { parseVoucherListParams } from "@/lib/vouchers/list-filter";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("billing"))("title") };
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
      <BillingOverview overview={overview} />
      <VoucherTabs kind={state.tab}>
        <VoucherPanel viewer={viewer} now={now} state={state} />
      </VoucherTabs>
    </div>
  );
}
