import type { Queue } from "@/lib/core/ports";
import { db } from "@/lib/db/client";
import { addJob } from "./prisma-helpers";

export function createQueue(): Queue {
  return { add: (job) => addJob(db(), job) };
}
