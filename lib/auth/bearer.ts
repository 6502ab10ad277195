import type { Actor } from "@/lib/core/actor";
import { DplError } from "@/lib/core/errors";
import type { PrismaClient } from "@/lib/db/client";
import { actorForToken } from "./tokens";

/**
 * The TOKEN actor for an `Authorization` header value. Only the Bearer scheme; anything
 * else is UNAUTHENTICATED with a sentence saying what to send.
 */
export async function actorForAuthorization(header: string, client?: Pick<PrismaClient, "apiToken">): Promise<Actor> {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  if (!match) {
    throw new DplError("UNAUTHENTICATED", 'Malformed Authorization header: send "Authorization: Bearer dpl_..." with a token from Settings > API tokens.');
  }
  return actorForToken(match[1], client);
}
