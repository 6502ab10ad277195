// Every test file starts from a known, quiet environment; tests that need a database call
// useTestDatabase() from test/db.ts.
process.env.LOG_LEVEL ??= "silent";
process.env.AWS_ACCESS_KEY_ID ??= "test";
process.env.AWS_SECRET_ACCESS_KEY ??= "test";
process.env.AWS_REGION ??= "us-east-1";
