import type { Document } from "yaml";
import type { TemplateFormat } from "../ports";
import type { TemplateProblem } from "./render-template";

// The shapes aws-reference.md gives for each format, checked on the rendered result so the
// bundle EB receives is one it accepts (EB would otherwise fail the deploy minutes later).

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);

export function validateDockerrunV1(value: Json, path = "Dockerrun.aws.json"): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  if (!isObject(value)) return [{ path, message: "Dockerrun v1 must be a JSON object" }];
  if (String(value.AWSEBDockerrunVersion) !== "1")
    problems.push({ path: `${path}#AWSEBDockerrunVersion`, message: 'AWSEBDockerrunVersion must be "1" for the Docker platform without Compose' });
  const image = value.Image;
  if (!isObject(image) || typeof image.Name !== "string" || image.Name.trim() === "") {
    problems.push({ path: `${path}#Image.Name`, message: "Image.Name is required: the image to run, e.g. {{image}}" });
  }
  const ports = value.Ports;
  if (!Array.isArray(ports) || ports.length === 0) {
    problems.push({ path: `${path}#Ports`, message: 'Ports is required when Image is set, e.g. [{"ContainerPort": "8080"}]' });
  } else {
    ports.forEach((port, index) => {
      const containerPort = isObject(port) ? Number(port.ContainerPort) : NaN;
      if (!Number.isInteger(containerPort) || containerPort < 1 || containerPort > 65535) {
        problems.push({ path: `${path}#Ports[${index}].ContainerPort`, message: "ContainerPort must be a port number from 1 to 65535" });
      }
    });
  }
  return problems;
}

export function validateDockerrunV2(value: Json, path = "Dockerrun.aws.json"): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  if (!isObject(value)) return [{ path, message: "Dockerrun v2 must be a JSON object" }];
  if (Number(value.AWSEBDockerrunVersion) !== 2)
    problems.push({ path: `${path}#AWSEBDockerrunVersion`, message: "AWSEBDockerrunVersion must be 2 for the ECS platform" });
  const containers = value.containerDefinitions;
  if (!Array.isArray(containers) || containers.length === 0) {
    return [...problems, { path: `${path}#containerDefinitions`, message: "containerDefinitions must list at least one container" }];
  }
  containers.forEach((container, index) => {
    const at = `${path}#containerDefinitions[${index}]`;
    if (!isObject(container)) return problems.push({ path: at, message: "each container definition must be an object" });
    if (typeof container.name !== "string" || !container.name) problems.push({ path: `${at}.name`, message: "name is required" });
    if (typeof container.image !== "string" || !container.image) problems.push({ path: `${at}.image`, message: "image is required, e.g. {{image}}" });
    const memory = Number(container.memory ?? 0);
    const reservation = Number(container.memoryReservation ?? 0);
    if (!(memory > 0) && !(reservation > 0)) problems.push({ path: `${at}.memory`, message: "memory or memoryReservation must be a positive number of MiB" });
  });
  return problems;
}

export function validateCompose(document: Document, path = "docker-compose.yml"): TemplateProblem[] {
  const value: Json = document.toJS();
  if (!isObject(value)) return [{ path, message: "docker-compose.yml must be a mapping with services" }];
  const services = value.services;
  if (!isObject(services) || Object.keys(services).length === 0) return [{ path: `${path}#services`, message: "services must name at least one service" }];
  const problems: TemplateProblem[] = [];
  for (const [name, service] of Object.entries(services)) {
    if (!isObject(service) || (typeof service.image !== "string" && service.build === undefined)) {
      problems.push({ path: `${path}#services.${name}.image`, message: `service ${name} needs an image, e.g. image: {{image}}` });
    }
  }
  return problems;
}

export function validateFormat(format: TemplateFormat, parsed: { json?: Json; yaml?: Document }): TemplateProblem[] {
  switch (format) {
    case "DOCKERRUN_V1":
      return validateDockerrunV1(parsed.json);
    case "DOCKERRUN_V2":
      return validateDockerrunV2(parsed.json);
    case "COMPOSE":
      return parsed.yaml ? validateCompose(parsed.yaml) : [{ path: "docker-compose.yml", message: "not parsed" }];
    default: {
      const unreachable: never = format;
      return unreachable;
    }
  }
}
