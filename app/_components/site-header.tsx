import Link from "next/link";

const links = [
  { href: "/", label: "Overview" },
  { href: "/audit", label: "Audit log" },
  { href: "/insights", label: "Insights" },
  { href: "/settings", label: "Settings" },
];

export function SiteHeader({ userSlot }: { userSlot?: React.ReactNode }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-6 px-4 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-3 w-3 rounded-full bg-red-600" />
          dpl
        </Link>
        <nav aria-label="Main" className="flex gap-4 overflow-x-auto text-sm text-slate-600">
          {links.map((link) => (
            <Link key={link.href} href={link.href} className="whitespace-nowrap hover:text-slate-900">
              {link.label}
            </Link>
          ))}
        </nav>
        <div className="ml-auto text-sm">{userSlot}</div>
      </div>
    </header>
  );
}
