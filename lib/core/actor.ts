// Who is acting. Pages and actions get a USER from the session, the API a TOKEN (attributed
// to the token and its creator), jobs act as SYSTEM.

export type Role = "VIEWER" | "DEPLOYER" | "ADMIN";

export const roleRank: Record<Role, number> = { VIEWER: 0, DEPLOYER: 1, ADMIN: 2 };

export type Source = "WEB" | "API" | "CLI" | "SYSTEM";

export type Actor =
  | { type: "USER"; userId: string; name: string; email?: string | null; role: Role }
  | {
      type: "TOKEN";
      /** The token's creator: API use is attributed to the token and to them. */
      userId: string;
      name: string;
      role: Role;
      tokenId: string;
      tokenName: string;
      /** Environments this token is scoped to; empty means every unprotected environment. */
      environments: string[];
    }
  | { type: "SYSTEM"; name: string; role: "ADMIN" };

export const systemActor: Actor = { type: "SYSTEM", name: "dpl", role: "ADMIN" };

export function actorLabel(actor: Actor): string {
  return actor.type === "TOKEN" ? `${actor.name} (token ${actor.tokenName})` : actor.name;
}
