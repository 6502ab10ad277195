import fc from "fast-check";
import { unzipSync, strFromU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { buildBundle } from "./build-bundle";
import { s3KeyFor, versionLabelFor } from "./version-label";

describe("buildBundle", () => {
  it("uploads a bare Dockerrun as the JSON itself", () => {
    const bundle = buildBundle({ name: "Dockerrun.aws.json", text: '{"a":1}\n' }, []);
    expect(bundle).toMatchObject({ fileName: "Dockerrun.aws.json", extension: "json", contentType: "application/json" });
    expect(strFromU8(bundle.bytes)).toBe('{"a":1}\n');
    expect(bundle.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("zips compose and extra files at the root, byte-for-byte reproducibly", () => {
    const make = () => buildBundle({ name: "docker-compose.yml", text: "services: {}\n" }, [{ name: ".ebextensions/a.config", text: "x: 1\n" }]);
    const first = make();
    expect(first.extension).toBe("zip");
    expect(Object.keys(unzipSync(first.bytes)).sort()).toEqual([".ebextensions/a.config", "docker-compose.yml"]);
    expect(make().hash).toBe(first.hash);
  });
});

describe("versionLabelFor", () => {
  it("is the tag, a dash and 12 hex of the hash", () => {
    expect(versionLabelFor("git_cf7edb2", "0123456789abcdef".repeat(4))).toBe("git_cf7edb2-0123456789ab");
    expect(s3KeyFor("takumi-server", "git_cf7edb2-0123456789ab", "json")).toBe("takumi-server/git_cf7edb2-0123456789ab.json");
  });

  it("property: at most 100 characters, ends with the hash, starts with the tag's prefix", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/), fc.stringMatching(/^[0-9a-f]{64}$/), (tag, hash) => {
        const label = versionLabelFor(tag, hash);
        expect(label.length).toBeLessThanOrEqual(100);
        expect(label.endsWith(`-${hash.slice(0, 12)}`)).toBe(true);
        expect(tag.startsWith(label.slice(0, -13))).toBe(true);
      }),
    );
  });
});
