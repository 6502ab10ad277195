import { createHash } from "node:crypto";
import { strToU8, zipSync, type Zippable } from "fflate";
import type { RenderedFile } from "../templates/render-template";

export type Bundle = {
  /** "Dockerrun.aws.json" for a bare Dockerrun, "bundle.zip" otherwise. */
  fileName: string;
  extension: "json" | "zip";
  contentType: string;
  bytes: Uint8Array;
  /** sha256 of the bytes, hex: the same bundle always maps to the same application version. */
  hash: string;
  /** The main file's text, for previews and the deploy page. */
  text: string;
  fileNames: string[];
};

// A fixed timestamp makes the zip's bytes (and so its hash and version label) depend only on
// the files: the same image and template always reuse the same application version.
const zipEpoch = new Date("1980-01-01T00:00:00Z");

/** A bare Dockerrun is uploaded as the JSON file itself; compose or extra files need a zip with the files at its root. */
export function buildBundle(main: RenderedFile, files: RenderedFile[]): Bundle {
  const fileNames = [main.name, ...files.map((file) => file.name)];
  if (main.name === "Dockerrun.aws.json" && files.length === 0) {
    const bytes = strToU8(main.text);
    return { fileName: main.name, extension: "json", contentType: "application/json", bytes, hash: sha256(bytes), text: main.text, fileNames };
  }
  const tree: Zippable = {};
  for (const file of [main, ...files]) tree[file.name] = [strToU8(file.text), { mtime: zipEpoch }];
  const bytes = zipSync(tree, { level: 6, mtime: zipEpoch });
  return { fileName: "bundle.zip", extension: "zip", contentType: "application/zip", bytes, hash: sha256(bytes), text: main.text, fileNames };
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
