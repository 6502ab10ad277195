import Link from "next/link";
import { Card } from "@/app/_components/card";
import { DeployDialog } from "@/app/_components/deploy-dialog";
import type { Actor } from "@/lib/core/actor";
import { can } from "@/lib/core/authorize";
import type { EnvironmentDetail } from "@/lib/db/queries/environments";
import { deployAction } from "../actions";
import { DeployPreview } from "./deploy-preview";
import { ImagePicker } from "./image-picker";

export function DeployPanel({
  actor,
  environment,
  q,
  cursor,
  tag,
}: {
  actor: Actor;
  environment: EnvironmentDetail;
  q: string;
  cursor: string | null;
  tag: string | null;
}) {
  const allowed = can(actor, "deploy", { name: environment.name, protected: environment.protected });
  return (
    <Card id="deploy" title="Deploy an image">
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2 [&>*]:min-w-0">
        <ImagePicker environment={environment} q={q} cursor={cursor} selectedTag={tag} />
        <div className="min-w-0">
          {tag ? (
            <DeployPreview actor={actor} environment={environment} tag={tag}>
              {(preview) =>
                allowed ? (
                  <div className="flex flex-wrap items-center gap-3">
                    <DeployDialog
                      action={deployAction}
                      kind="deploy"
                      big
                      environment={environment.name}
                      isProtected={environment.protected}
                      hidden={{ application: environment.applicationName, environment: environment.name, tag }}
                      from={preview.currentLabel}
                      to={tag}
                      buttonLabel={`Deploy ${tag}`}
                      disabled={preview.blocked}
                    />
                    {environment.protected ? <span className="text-xs text-slate-600">You will type the environment name to confirm.</span> : null}
                  </div>
                ) : (
                  <p className="text-sm text-slate-600">You can see what would change; deploying needs the deployer role.</p>
                )
              }
            </DeployPreview>
          ) : (
            <div className="flex h-full min-h-40 flex-col items-center justify-center rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">
              <p>Pick an image to see what changes: the commits between, and the bundle dpl will upload.</p>
              {environment.lock ? (
                <p className="mt-2 text-amber-900">
                  {environment.name} is locked by {environment.lock.authorName}: deploys are refused until{" "}
                  <Link href="#lock" className="underline">
                    the lock
                  </Link>{" "}
                  is lifted.
                </p>
              ) : null}
            </div>
          )}
        </div>
      </div>
    </Card>
  );
}
