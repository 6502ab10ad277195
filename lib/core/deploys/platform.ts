import type { TemplateFormat } from "../ports";

export type Platform = "DOCKER" | "ECS" | "OTHER";

/** From the solution stack name or platform ARN, e.g. "64bit Amazon Linux 2023 v4.3.0 running Docker" or "... running ECS". */
export function platformOf(environment: { solutionStack: string | null; platformArn: string | null }): Platform {
  const text = `${environment.solutionStack ?? ""} ${environment.platformArn ?? ""}`;
  if (/ECS|Multi-container Docker/i.test(text)) return "ECS";
  if (/Docker/i.test(text)) return "DOCKER";
  return "OTHER";
}

/** Dockerrun v1 or compose on the Docker platform, v2 on the ECS platform (aws-reference.md). */
export function platformAccepts(platform: Platform, format: TemplateFormat): boolean {
  switch (format) {
    case "DOCKERRUN_V1":
    case "COMPOSE":
      return platform === "DOCKER";
    case "DOCKERRUN_V2":
      return platform === "ECS";
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}

export const formatName: Record<TemplateFormat, string> = { DOCKERRUN_V1: "Dockerrun v1", DOCKERRUN_V2: "Dockerrun v2", COMPOSE: "docker-compose" };
