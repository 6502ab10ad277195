import type { ReactNode } from "react";
import { SiteHeader } from "@/app/_components/site-header";

export default function DashboardLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SiteHeader />
      <main className="mx-auto w-full max-w-7xl px-4 py-6 sm:px-6">{children}</main>
    </>
  );
}
