import { roleRank, type Actor, type Role } from "./actor";
import { DplError } from "./errors";

export type Permission = "read" | "deploy" | "rollback" | "cancel" | "lock" | "unlock" | "admin";

const required: Record<Permission, Role> = {
  read: "VIEWER",
  deploy: "DEPLOYER",
  rollback: "DEPLOYER",
  cancel: "DEPLOYER",
  lock: "DEPLOYER",
  unlock: "DEPLOYER",
  admin: "ADMIN",
};

export type EnvironmentScope = { name: string; protected: boolean };

/**
 * The one authorization rule of dpl, used by every use case (the UI only hides buttons).
 * A protected environment additionally needs a token explicitly scoped to it; browsers
 * confirm by typing its name, which the caller checks with `confirmation`.
 */
export function authorize(actor: Actor, permission: Permission, environment?: EnvironmentScope): void {
  const need = required[permission];
  if (roleRank[actor.role] < roleRank[need]) {
    throw new DplError(
      "FORBIDDEN",
      `${actor.name} is a ${actor.role.toLowerCase()}; ${permissionPhrase(permission)} needs the ${need.toLowerCase()} role. Ask an admin to change your role.`,
      {
        required: need,
        role: actor.role,
      },
    );
  }
  if (actor.type === "TOKEN" && environment && permission !== "read") {
    const scoped = actor.environments.includes(environment.name);
    if (environment.protected && !scoped) {
      throw new DplError(
        "FORBIDDEN",
        `Environment ${environment.name} is protected: this token must be scoped to it explicitly. Create a token with ${environment.name} in its environments.`,
        {
          environment: environment.name,
        },
      );
    }
    if (actor.environments.length > 0 && !scoped) {
      throw new DplError("FORBIDDEN", `This token is scoped to ${actor.environments.join(", ")} and may not act on ${environment.name}.`, {
        environment: environment.name,
      });
    }
  }
}

export function can(actor: Actor, permission: Permission, environment?: EnvironmentScope): boolean {
  try {
    authorize(actor, permission, environment);
    return true;
  } catch {
    return false;
  }
}

function permissionPhrase(permission: Permission): string {
  switch (permission) {
    case "read":
      return "viewing";
    case "deploy":
      return "deploying";
    case "rollback":
      return "rolling back";
    case "cancel":
      return "cancelling a deploy";
    case "lock":
      return "locking an environment";
    case "unlock":
      return "unlocking an environment";
    case "admin":
      return "changing settings";
    default: {
      const unreachable: never = permission;
      return unreachable;
    }
  }
}
