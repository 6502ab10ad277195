import Link from "next/link";

const links = [
  { href: "/", label: "Overview" },
  { href: "/audit", label: "Audit log" },
  { href: "/insights", label: "Insights" },
  { href: "/settings", label: "Settings" },
];

// On a phone the navigation takes its own row under the logo and the user menu.
export function SiteHeader({ userSlot }: { userSlot?: React.ReactNode }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 px-4 sm:h-14 sm:flex-nowrap sm:px-6">
        <Link href="/" className="flex h-12 items-center gap-2 font-semibold tracking-tight sm:h-auto">
          <span aria-hidden className="inline-block h-3 w-3 rounded-full bg-red-600" />
          dpl
        </Link>
        <nav
          aria-label="Main"
          className="order-last -mx-1 flex w-full gap-1 overflow-x-auto pb-2 text-sm text-slate-600 sm:order-none sm:mx-0 sm:w-auto sm:gap-4 sm:pb-0"
        >
          {links.map((link) => (
            <Link key={link.href} href={link.href} className="whitespace-nowrap rounded px-1 py-1 hover:text-slate-900">
              {link.label}
            </Link>
          ))}
        </nav>
        <div className="ml-auto min-w-0 text-sm">{userSlot}</div>
      </div>
    </header>
  );
}
