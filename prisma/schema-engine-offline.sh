#!/bin/sh
echo "schema engine not available offline: migrations are applied by lib/db/migrate.ts (see README)" >&2
exit 1
