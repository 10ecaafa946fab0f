import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { getViewer } from "@/lib/dal/session";
import { LanguageMenu } from "../_components/language-menu";
import { SignInForm } from "./sign-in-form";
import { ClientMessages } from "@/components/i18n/client-messages";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("signIn"))("title") };
}

export default async function SignInPage() {
  if (await getViewer()) redirect("/");
  const t = await getTranslations("signIn");
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4">
      <div className="mb-6 self-end">
        <LanguageMenu />
      </div>
      <h1 className="text-2xl font-semibold">{t("heading")}</h1>
      <p className="mt-1 text-sm text-slate-600">{t("intro")}</p>
      <ClientMessages set="signIn">
        <SignInForm />
      </ClientMessages>
    </main>
  );
}
