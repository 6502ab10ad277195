import type { ReactNode } from "react";
import { SiteHeader } from "@/app/_components/site-header";
import { UserMenu } from "@/app/_components/user-menu";
import { requireUser } from "@/lib/auth/session";

// Every dashboard page needs a signed-in person. Pages and actions still call requireUser()
// or requireRole() themselves: a layout is not re-rendered on client navigation.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const actor = await requireUser();
  return (
    <>
      <SiteHeader userSlot={<UserMenu actor={actor} />} />
      <main className="mx-auto w-full max-w-7xl px-4 py-6 sm:px-6">{children}</main>
    </>
  );
}
