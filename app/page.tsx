import { redirect } from "next/navigation";
import { requireViewerPage } from "@/lib/page";

export default async function Home() {
  const viewer = await requireViewerPage();
  redirect(viewer.role === "admin" ? "/admin" : "/billing");
}
