// The AWS side of dpl, implemented by lib/aws (the only code importing @aws-sdk).

export type RegistryImage = {
  repositoryName: string;
  digest: string;
  tags: string[];
  sizeBytes: number;
  pushedAt: Date;
  mediaType?: string | null;
};

export type RepositoryListing = { repositoryName: string; registryId: string; repositoryUri: string; images: RegistryImage[] };

export type Registry = {
  /** The image a tag names, or null when the tag (or the repository) does not exist. */
  findImage(repository: string, ref: { tag: string } | { digest: string }): Promise<(RegistryImage & { repositoryUri: string }) | null>;
  /** Every image of a repository (DescribeImages, maxResults 1000: the fewest calls). */
  listImages(repository: string): Promise<RepositoryListing | null>;
};

export type EbEnvironment = {
  name: string;
  applicationName: string;
  id: string | null;
  status: string | null;
  health: string | null;
  healthStatus: string | null;
  versionLabel: string | null;
  solutionStack: string | null;
  platformArn: string | null;
  cname: string | null;
  updatedAt: Date | null;
};

export type EbEvent = {
  at: Date;
  severity: string;
  message: string;
  requestId: string | null;
  environmentName: string | null;
  versionLabel: string | null;
};

export type Beanstalk = {
  describeApplications(): Promise<{ name: string; description: string | null }[]>;
  /** All environments (one call), optionally narrowed to some names. */
  describeEnvironments(filter?: { names?: string[]; applicationName?: string }): Promise<EbEnvironment[]>;
  versionExists(application: string, label: string): Promise<boolean>;
  listVersions(application: string): Promise<{ label: string; createdAt: Date | null }[]>;
  /** CreateStorageLocation: the account's EB bucket (idempotent). */
  storageBucket(): Promise<string>;
  /** "already exists" counts as success: a retry after a lost response must not fail. */
  createVersion(input: { application: string; label: string; bucket: string; key: string; description: string }): Promise<void>;
  deleteVersion(application: string, label: string): Promise<void>;
  updateEnvironment(environment: string, label: string): Promise<{ requestId: string }>;
  /** Oldest first. */
  describeEvents(input: { environmentName?: string; requestId?: string; startTime?: Date }): Promise<EbEvent[]>;
  abortEnvironmentUpdate(environment: string): Promise<void>;
};

export type BundleStore = {
  put(input: { bucket: string; key: string; bytes: Uint8Array; contentType: string }): Promise<void>;
};

export type AwsPorts = { registry: Registry; beanstalk: Beanstalk; bundles: BundleStore };
