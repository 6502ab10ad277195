import type { TemplateRecord } from "../ports";

/** What a new application deploys with zero setup: the article's Dockerrun v1, one container port. */
export function defaultTemplate(containerPort = 8080): Omit<TemplateRecord, "applicationName" | "revision"> {
  const body = {
    AWSEBDockerrunVersion: "1",
    Image: { Name: "{{image}}", Update: "true" },
    Ports: [{ ContainerPort: String(containerPort) }],
  };
  return { format: "DOCKERRUN_V1", body: `${JSON.stringify(body, null, 2)}\n`, files: {} };
}
