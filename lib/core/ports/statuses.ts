export type DeployKind = "DEPLOY" | "ROLLBACK" | "EXTERNAL";
export type DeployStatus = "PENDING" | "REGISTERING" | "UPDATING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
export type TemplateFormat = "DOCKERRUN_V1" | "DOCKERRUN_V2" | "COMPOSE";
export type AuditOutcome = "SUCCESS" | "REFUSED" | "DENIED" | "FAILURE";
