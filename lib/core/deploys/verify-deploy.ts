import { buildBundle, type Bundle } from "../bundles/build-bundle";
import { versionLabelFor } from "../bundles/version-label";
import { AwsCallError, DplError } from "../errors";
import type { ApplicationRecord, Deps, EbEnvironment, EnvironmentRecord, RegistryImage, TemplateRecord } from "../ports";
import { defaultTemplate } from "../templates/default-template";
import { renderTemplate } from "../templates/render-bundle-files";
import { formatName, platformAccepts, platformOf } from "./platform";

export type DeployPlan = {
  image: RegistryImage & { repositoryUri: string };
  live: EbEnvironment;
  template: TemplateRecord;
  bundle: Bundle;
  versionLabel: string;
};

export function repositoryOf(application: ApplicationRecord): string {
  return application.ecrRepository ?? application.name;
}

/** An AWS read failing during verification is the caller's 502, with AWS's code and message. */
export function asDplError(error: unknown): unknown {
  return error instanceof AwsCallError ? error.toDplError() : error;
}

/** The request's reads, in parallel: the tag's digest in ECR and the environment in EB. Then the checks, then the bundle. */
export async function verifyDeploy(deps: Deps, target: { application: ApplicationRecord; environment: EnvironmentRecord; tag: string }): Promise<DeployPlan> {
  const repository = repositoryOf(target.application);
  const [image, live, stored] = await Promise.all([
    deps.aws.registry.findImage(repository, { tag: target.tag }),
    deps.aws.beanstalk.describeEnvironments({ names: [target.environment.name] }).then((list) => list.find((e) => e.name === target.environment.name) ?? null),
    deps.catalog.template(target.application.name),
  ]).catch((error: unknown) => {
    throw asDplError(error);
  });
  if (!live || live.status === "Terminated" || live.status === "Terminating") {
    throw new DplError("ENVIRONMENT_NOT_FOUND", `No Elastic Beanstalk environment named ${target.environment.name}.`, { environment: target.environment.name });
  }
  if (!image) {
    throw new DplError("IMAGE_NOT_FOUND", `No image tagged ${target.tag} in the ECR repository ${repository}. Has CI pushed it?`, {
      tag: target.tag,
      repository,
    });
  }
  if (live.status !== "Ready") {
    throw new DplError(
      "ENVIRONMENT_NOT_READY",
      `${live.name} is ${live.status ?? "in an unknown state"}, not Ready; try again when its current operation ends.`,
      {
        environment: live.name,
        status: live.status,
      },
    );
  }
  const template = stored ?? { applicationName: target.application.name, revision: 0, ...defaultTemplate() };
  const platform = platformOf(live);
  if (!platformAccepts(platform, template.format)) {
    throw new DplError(
      "PLATFORM_MISMATCH",
      `${live.name} runs ${live.solutionStack ?? live.platformArn ?? "an unknown platform"}, which does not take a ${formatName[template.format]} bundle. Change the application's template format in Settings.`,
      { environment: live.name, platform, format: template.format },
    );
  }
  const rendered = renderTemplate(template, {
    image: `${image.repositoryUri}@${image.digest}`,
    tag: target.tag,
    digest: image.digest,
    application: target.application.name,
    environment: live.name,
  });
  if (!rendered.ok) {
    throw new DplError("VALIDATION_FAILED", `The application's template (revision ${template.revision}) does not render: ${rendered.errors[0].message}`, {
      errors: rendered.errors,
    });
  }
  const bundle = buildBundle(rendered.main, rendered.files);
  return { image, live, template, bundle, versionLabel: versionLabelFor(target.tag, bundle.hash) };
}
