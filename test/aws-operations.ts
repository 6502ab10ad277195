// The AWS operations dpl's own code calls, as IAM actions: the recorded list that
// docs/iam-policy.json must equal. test/iam-policy.test.ts ties it to the commands lib/aws
// imports; test/api-v1.test.ts checks that every call the sandbox saw during the API suite
// is in it.
export const recordedOperations = [
  "ecr:DescribeImages",
  "elasticbeanstalk:AbortEnvironmentUpdate",
  "elasticbeanstalk:CreateApplicationVersion",
  "elasticbeanstalk:CreateStorageLocation",
  "elasticbeanstalk:DeleteApplicationVersion",
  "elasticbeanstalk:DescribeApplicationVersions",
  "elasticbeanstalk:DescribeApplications",
  "elasticbeanstalk:DescribeEnvironments",
  "elasticbeanstalk:DescribeEvents",
  "elasticbeanstalk:UpdateEnvironment",
  "s3:PutObject",
];
