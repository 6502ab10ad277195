-- A rollback re-creating a deleted version, and adoption, find a deploy by its label.
-- CreateIndex
CREATE INDEX "Deploy_applicationName_versionLabel_idx" ON "Deploy"("applicationName", "versionLabel");
