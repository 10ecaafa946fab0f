import type { Metadata } from "next";
import Link from "next/link";
import { listProducts } from "@/lib/dal/orders";
import { requireCustomerPage } from "@/lib/dal/session";
import { NewOrderForm } from "./new-order-form";

export const metadata: Metadata = { title: "New order" };

export default async function NewOrderPage() {
  const viewer = await requireCustomerPage();
  const products = await listProducts(viewer);
  return (
    <div className="space-y-6">
      <p>
        <Link href="/billing/orders" className="text-sm underline">
          ← Orders
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">New order</h1>
      <NewOrderForm products={products} />
    </div>
  );
}
