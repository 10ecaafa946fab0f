import { redirect } from "next/navigation";
import { requireViewerPage } from "@/lib/dal/session";

export default async function Home() {
  const viewer = await requireViewerPage();
  redirect(viewer.role === "admin" ? "/admin" : "/billing");
}
