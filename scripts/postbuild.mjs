// `output: "standalone"` leaves static assets and public/ out of .next/standalone; the
// standalone server serves them only when they sit beside it.
import { cpSync, existsSync } from "node:fs";

cpSync(".next/static", ".next/standalone/.next/static", { recursive: true });
if (existsSync("public")) cpSync("public", ".next/standalone/public", { recursive: true });
cpSync("prisma/migrations", ".next/standalone/prisma/migrations", { recursive: true });
