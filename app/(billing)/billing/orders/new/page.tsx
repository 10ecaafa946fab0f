import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { listProducts } from "@/lib/dal/products";
import { requireCustomerPage, searchParam } from "@/lib/page";
import { NewOrderForm } from "./new-order-form";
import { BackLink } from "@/components/ui/facts";
import { ClientMessages } from "@/components/i18n/client-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("orders.new"))("title") };
}

/** New order; `?product=prd_…&quantity=n` prefills it (the "order again" link of an expired order). */
export default async function NewOrderPage({ searchParams }: PageProps<"/billing/orders/new">) {
  const viewer = await requireCustomerPage();
  const [products, params, t] = await Promise.all([listProducts(viewer), searchParams, getTranslations("orders.new")]);
  const product = searchParam(params, "product");
  const quantity = searchParam(params, "quantity");
  const prefill = {
    // Only a product that is for sale, and a quantity the form would accept; anything else is ignored.
    product: products.some((p) => p.publicId === product) ? product : null,
    quantity: /^\d{1,5}$/.test(quantity) ? quantity : null,
  };
  return (
    <div className="space-y-6">
      <BackLink href="/billing/orders">{t("back")}</BackLink>
      <h1 className="text-2xl font-semibold">{t("heading")}</h1>
      <ClientMessages set="orders">
        <NewOrderForm products={products} prefill={prefill} />
      </ClientMessages>
    </div>
  );
}
