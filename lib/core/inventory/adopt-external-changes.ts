import { systemActor } from "../actor";
import type { Deps, EbEnvironment } from "../ports";

/**
 * An environment with no dpl history, or running a version dpl did not put there, gets an
 * EXTERNAL deploy: the baseline a first rollback can return to, and a visible record of a
 * change made in the console or by another tool.
 */
export async function adoptExternalChanges(deps: Deps, environments: EbEnvironment[]): Promise<string[]> {
  const adopted: string[] = [];
  for (const environment of environments) {
    if (!environment.versionLabel || environment.status !== "Ready") continue;
    if (await deps.deploys.active(environment.name)) continue;
    const latest = await deps.deploys.latest(environment.name);
    // After a failed or cancelled deploy EB may sit on either label; both are dpl's doing.
    const expected = !latest ? [] : latest.status === "SUCCEEDED" ? [latest.versionLabel] : [latest.versionLabel, latest.previousVersionLabel];
    if (expected.includes(environment.versionLabel)) continue;
    const known = await deps.deploys.byLabel(environment.applicationName, environment.versionLabel);
    const now = deps.clock.now();
    try {
      const deploy = await deps.deploys.adopt(
        {
          kind: "EXTERNAL",
          status: "SUCCEEDED",
          applicationName: environment.applicationName,
          environmentName: environment.name,
          versionLabel: environment.versionLabel,
          imageTag: known?.imageTag ?? null,
          imageDigest: known?.imageDigest ?? null,
          imageUri: known?.imageUri ?? null,
          commitSha: known?.commitSha ?? null,
          bundleHash: known?.bundleHash ?? null,
          bundleFileName: known?.bundleFileName ?? null,
          bundle: known?.bundle ?? null,
          previousVersionLabel: latest?.versionLabel ?? null,
          actorName: "outside dpl",
          source: "SYSTEM",
          startedAt: environment.updatedAt ?? now,
          finishedAt: environment.updatedAt ?? now,
        },
        {
          actor: systemActor,
          source: "SYSTEM",
          action: "deploy.external",
          targetType: "environment",
          target: environment.name,
          applicationName: environment.applicationName,
          environmentName: environment.name,
          outcome: "SUCCESS",
          message: latest
            ? `${environment.name} changed outside dpl to ${environment.versionLabel}`
            : `Adopted ${environment.name} running ${environment.versionLabel}`,
          details: { versionLabel: environment.versionLabel, previousVersionLabel: latest?.versionLabel ?? null },
        },
        latest?.id ?? null,
      );
      // null: another poller (a refresh, a replica) recorded it, or a deploy started, meanwhile.
      if (deploy) adopted.push(deploy.id);
    } catch (error) {
      deps.log.warn("could not adopt an environment", { environment: environment.name, error: (error as Error).message });
    }
  }
  return adopted;
}
