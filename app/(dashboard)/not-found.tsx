import Link from "next/link";
import { buttonClass } from "@/app/_components/button-class";
import { EmptyState } from "@/app/_components/empty-state";

export default function NotFound() {
  return (
    <EmptyState
      title="Nothing here"
      action={
        <Link href="/" className={buttonClass("secondary")}>
          Back to the overview
        </Link>
      }
    >
      The link may be mistyped, or the deploy, application or environment no longer exists.
    </EmptyState>
  );
}
