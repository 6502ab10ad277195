import { z } from "zod";
import type { Actor } from "../actor";
import { authorize } from "../authorize";
import { buildBundle } from "../bundles/build-bundle";
import { DplError, isDplError } from "../errors";
import type { Deps } from "../ports";
import { defaultTemplate } from "../templates/default-template";
import { renderTemplate } from "../templates/render-bundle-files";
import { EnvironmentNameSchema, ImageTagSchema, parseInput } from "../validation";
import { commitShaOf, commitUrlOf, compareUrlOf } from "./commit-links";
import { assertNotBusy, blockingLock, loadTargets, lockedError } from "./load-targets";
import { formatName, platformAccepts, platformOf } from "./platform";
import { asDplError, repositoryOf } from "./verify-deploy";

export const PreviewDeployInputSchema = z.object({ environment: EnvironmentNameSchema, tag: ImageTagSchema });

export type DeployPreview = {
  current: { versionLabel: string | null; imageTag: string | null; imageDigest: string | null; commitSha: string | null } | null;
  target: { tag: string; digest: string; commitSha: string | null; commitUrl: string | null; pushedAt: Date };
  compareUrl: string | null;
  bundle: { fileName: string; text: string; files: string[] };
  refusal?: { code: string; message: string; details?: Record<string, unknown> };
};

/** What the deploy dialog shows: current -> target, the commits between, the rendered bundle, and why it would be refused. Reads the database (the poller's copy), not AWS, except for a tag the poller has not seen yet. */
export async function previewDeploy(deps: Deps, actor: Actor, raw: { environment: string; tag: string }): Promise<DeployPreview> {
  authorize(actor, "read");
  const input = parseInput(PreviewDeployInputSchema, raw);
  const { application, environment } = await loadTargets(deps, { environment: input.environment });
  const repository = repositoryOf(application);
  const [stored, storedUri] = await Promise.all([deps.inventory.image(repository, input.tag), deps.inventory.repositoryUri(repository)]);
  const image =
    stored && storedUri
      ? { ...stored, repositoryUri: storedUri }
      : await deps.aws.registry.findImage(repository, { tag: input.tag }).catch((error: unknown) => {
          throw asDplError(error);
        });
  if (!image) throw new DplError("IMAGE_NOT_FOUND", `No image tagged ${input.tag} in the ECR repository ${repository}.`, { tag: input.tag, repository });
  const repositoryUri = image.repositoryUri;
  const template = (await deps.catalog.template(application.name)) ?? { applicationName: application.name, revision: 0, ...defaultTemplate() };
  const rendered = renderTemplate(template, {
    image: `${repositoryUri}@${image.digest}`,
    tag: input.tag,
    digest: image.digest,
    application: application.name,
    environment: environment.name,
  });
  const bundle = rendered.ok ? buildBundle(rendered.main, rendered.files) : null;

  const running = (await deps.deploys.succeeded(environment.name, 1))[0] ?? null;
  const current =
    environment.versionLabel || running
      ? {
          versionLabel: environment.versionLabel,
          imageTag: running?.imageTag ?? null,
          imageDigest: running?.imageDigest ?? null,
          commitSha: running?.commitSha ?? null,
        }
      : null;
  const commitSha = commitShaOf(application, input.tag);
  let refusal: DeployPreview["refusal"];
  try {
    authorize(actor, "deploy", environment);
    const lock = blockingLock(await deps.locks.open(environment.name), deps.clock.now());
    if (lock) throw lockedError(environment.name, lock);
    await assertNotBusy(deps, environment.name);
    if (environment.status !== "Ready")
      throw new DplError("ENVIRONMENT_NOT_READY", `${environment.name} is ${environment.status ?? "in an unknown state"}, not Ready.`, {
        status: environment.status,
      });
    if (!platformAccepts(platformOf(environment), template.format)) {
      throw new DplError(
        "PLATFORM_MISMATCH",
        `${environment.name} runs ${environment.solutionStack ?? "an unknown platform"}, which does not take a ${formatName[template.format]} bundle.`,
        { format: template.format },
      );
    }
    if (!rendered.ok)
      throw new DplError("VALIDATION_FAILED", `The application's template does not render: ${rendered.errors[0].message}`, { errors: rendered.errors });
  } catch (error) {
    if (!isDplError(error)) throw error;
    refusal = { code: error.code, message: error.message, details: error.details };
  }
  return {
    current,
    target: { tag: input.tag, digest: image.digest, commitSha, commitUrl: commitUrlOf(application, commitSha), pushedAt: image.pushedAt },
    compareUrl: compareUrlOf(application, current?.commitSha ?? null, commitSha),
    bundle: bundle
      ? { fileName: bundle.fileName, text: bundle.text, files: bundle.fileNames.slice(1) }
      : { fileName: "Dockerrun.aws.json", text: "", files: [] },
    ...(refusal ? { refusal } : {}),
  };
}
