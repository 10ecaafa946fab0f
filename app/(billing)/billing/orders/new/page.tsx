import type { Metadata } from "next";
import { listProducts } from "@/lib/dal/products";
import { requireCustomerPage, searchParam } from "@/lib/page";
import { NewOrderForm } from "./new-order-form";
import { BackLink } from "@/components/ui/facts";

export const metadata: Metadata = { title: "New order" };

/** New order; `?product=prd_…&quantity=n` prefills it (the "order again" link of an expired order). */
export default async function NewOrderPage({ searchParams }: PageProps<"/billing/orders/new">) {
  const viewer = await requireCustomerPage();
  const [products, params] = await Promise.all([listProducts(viewer), searchParams]);
  const product = searchParam(params, "product");
  const quantity = searchParam(params, "quantity");
  const prefill = {
    // Only a product that is for sale, and a quantity the form would accept; anything else is ignored.
    product: products.some((p) => p.publicId === product) ? product : null,
    quantity: /^\d{1,5}$/.test(quantity) ? quantity : null,
  };
  return (
    <div className="space-y-6">
      <BackLink href="/billing/orders">Orders</BackLink>
      <h1 className="text-2xl font-semibold">New order</h1>
      <NewOrderForm products={products} prefill={prefill} />
    </div>
  );
}
