"use client";

import Link from "next/link";
import { buttonClass } from "@/app/_components/button-class";

// Production hides the server's error text; say what usually causes it and what to do.
export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-2xl rounded-lg border border-red-200 bg-white p-6 shadow-sm">
      <h1 className="text-lg font-semibold text-red-800">This page could not be loaded</h1>
      <p className="mt-2 text-sm text-slate-700">dpl reads everything it shows from its PostgreSQL database. The usual causes:</p>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-slate-700">
        <li>
          <strong>The database is unreachable</strong>: check that PostgreSQL is up and DATABASE_URL is right.{" "}
          <a href="/api/health" className="text-sky-700 underline">
            /api/health
          </a>{" "}
          reports it.
        </li>
        <li>
          <strong>AWS credentials are missing or expired</strong>: pages keep working from the last poll, but previews and deploys fail. Renew the credentials
          (e.g. `aws sso login`) and retry.
        </li>
      </ul>
      {error.digest ? <p className="mt-3 font-mono text-xs text-slate-500">Error reference: {error.digest} (search the server log for it)</p> : null}
      <div className="mt-4 flex gap-2">
        <button type="button" onClick={reset} className={buttonClass("primary")}>
          Try again
        </button>
        <Link href="/" className={buttonClass("secondary")}>
          Overview
        </Link>
      </div>
    </div>
  );
}
