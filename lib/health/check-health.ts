import { probeElasticBeanstalk } from "@/lib/aws/health-probe";
import { db } from "@/lib/db/client";

export type Health = { status: "ok" | "unavailable"; db: "ok" | "unavailable"; aws: "ok" | "degraded"; awsError?: string; checkedAt: string };

const AWS_CACHE_MS = 5_000;
let awsCache: { at: number; result: Pick<Health, "aws" | "awsError"> } | undefined;

async function checkDatabase(): Promise<boolean> {
  try {
    await Promise.race([db().$queryRaw`SELECT 1`, new Promise((_, reject) => setTimeout(() => reject(new Error("database check timed out")), 2_000))]);
    return true;
  } catch {
    return false;
  }
}

async function checkAws(): Promise<Pick<Health, "aws" | "awsError">> {
  if (awsCache && Date.now() - awsCache.at < AWS_CACHE_MS) return awsCache.result;
  let result: Pick<Health, "aws" | "awsError">;
  try {
    await probeElasticBeanstalk();
    result = { aws: "ok" };
  } catch (error) {
    result = { aws: "degraded", awsError: error instanceof Error ? `${error.name}: ${error.message}` : "unknown error" };
  }
  awsCache = { at: Date.now(), result };
  return result;
}

/**
 * Only the database decides the status: when AWS is down is exactly when an operator needs
 * dpl up to roll back, so AWS trouble is reported as "degraded", never as unavailable.
 */
export async function checkHealth(): Promise<Health> {
  const [dbOk, aws] = await Promise.all([checkDatabase(), checkAws()]);
  return { status: dbOk ? "ok" : "unavailable", db: dbOk ? "ok" : "unavailable", ...aws, checkedAt: new Date().toISOString() };
}
