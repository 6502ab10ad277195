import { PageSkeleton } from "@/app/_components/skeleton";

export default function Loading() {
  return <PageSkeleton label="Loading the audit log" cards={1} />;
}
