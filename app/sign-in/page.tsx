import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getViewer } from "@/lib/dal/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage() {
  if (await getViewer()) redirect("/");
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4">
      <h1 className="text-2xl font-semibold">Sign in to the Billing Center</h1>
      <p className="mt-1 text-sm text-slate-600">Vouchers, balances and usage of your account.</p>
      <SignInForm />
    </main>
  );
}
