import Link from "next/link";
import { buttonClass } from "@/app/_components/button-class";
import { EmptyState } from "@/app/_components/empty-state";

export default function EnvironmentNotFound() {
  return (
    <EmptyState
      title="No such environment"
      action={
        <Link href="/" className={buttonClass("secondary")}>
          Back to the overview
        </Link>
      }
    >
      dpl knows the environments Elastic Beanstalk reports. If it was just created, the poller picks it up within a minute; if it was terminated, its history
      stays in the audit log.
    </EmptyState>
  );
}
