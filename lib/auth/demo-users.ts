import type { PrismaClient } from "@/lib/db/client";
import { demoUsers } from "./sign-in-policy";

// The three people of demo mode. Idempotent: existing rows keep any role an admin gave them.
export async function ensureDemoUsers(client: Pick<PrismaClient, "user">) {
  return Promise.all(
    demoUsers.map((user) =>
      client.user.upsert({
        where: { email: user.email },
        create: { email: user.email, name: user.name, role: user.role },
        update: {},
        select: { id: true, email: true, name: true, role: true, disabledAt: true },
      }),
    ),
  );
}
