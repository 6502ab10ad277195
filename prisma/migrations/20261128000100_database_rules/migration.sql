-- Rules the database enforces itself; schema.prisma cannot express them.

-- At most one non-terminal deploy per environment: the loser of a race gets a unique
-- violation, which the deploy store maps to ENVIRONMENT_BUSY.
CREATE UNIQUE INDEX "Deploy_one_active_per_environment"
  ON "Deploy" ("environmentName")
  WHERE "status" IN ('PENDING', 'REGISTERING', 'UPDATING');

-- At most one open lock per environment (an expired lock is still "open" until lifted,
-- but stops blocking on its own: readers compare expiresAt with now()).
CREATE UNIQUE INDEX "Lock_one_open_per_environment"
  ON "Lock" ("environmentName")
  WHERE "releasedAt" IS NULL;

-- Audit events are append-only. The trigger stops the app (and mistakes); the grants made
-- by lib/db/migrate.ts stop an app role that could otherwise disable the trigger.
CREATE FUNCTION dpl_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit events are append-only: % is not allowed on "AuditEvent"', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "AuditEvent_no_update_delete"
  BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION dpl_audit_append_only();

-- TRUNCATE fires no row trigger; a statement trigger catches it.
CREATE TRIGGER "AuditEvent_no_truncate"
  BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION dpl_audit_append_only();

-- Live progress: the tracker's inserts reach every dashboard replica through LISTEN/NOTIFY,
-- so the number of browsers watching never changes the number of AWS calls.
CREATE FUNCTION dpl_notify_deploy_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('dpl_deploy_events', json_build_object('deployId', NEW."deployId", 'id', NEW.id)::text);
  RETURN NEW;
END;
$$;

CREATE TRIGGER "DeployEvent_notify"
  AFTER INSERT ON "DeployEvent"
  FOR EACH ROW EXECUTE FUNCTION dpl_notify_deploy_event();

CREATE FUNCTION dpl_notify_deploy_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
    PERFORM pg_notify('dpl_deploy_events', json_build_object('deployId', NEW.id, 'status', NEW.status)::text);
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER "Deploy_notify"
  AFTER INSERT OR UPDATE ON "Deploy"
  FOR EACH ROW EXECUTE FUNCTION dpl_notify_deploy_change();
