import fc from "fast-check";
import { parseDocument } from "yaml";
import { describe, expect, it } from "vitest";
import { defaultTemplate } from "./default-template";
import { sampleValues, type TemplateValues } from "./placeholders";
import { renderTemplate } from "./render-bundle-files";

const values: TemplateValues = {
  image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/takumi-server@sha256:" + "a".repeat(64),
  tag: "git_cf7edb2",
  digest: "sha256:" + "a".repeat(64),
  application: "takumi-server",
  environment: "takumi-srv-dev",
};

const compose = `services:
  web:
    image: "{{image}}"
    environment:
      APP_ENV: {{environment}}
      TAG: "{{tag}}"
    ports:
      - "80:8080"
`;

describe("renderTemplate", () => {
  it("renders the default Dockerrun v1 with the image pinned by digest", () => {
    const result = renderTemplate({ ...defaultTemplate(), files: {} }, values);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(JSON.parse(result.main.text)).toEqual({
      AWSEBDockerrunVersion: "1",
      Image: { Name: values.image, Update: "true" },
      Ports: [{ ContainerPort: "8080" }],
    });
  });

  it("renders compose and extra .ebextensions files, YAML-escaped", () => {
    const result = renderTemplate(
      {
        format: "COMPOSE",
        body: compose,
        files: {
          ".ebextensions/env.config": "option_settings:\n  aws:elasticbeanstalk:application:environment:\n    DEPLOYED_TAG: '{{tag}}'\n",
          ".platform/hooks/prebuild/01.sh": "#!/bin/sh\necho {{tag}}\n",
        },
      },
      { ...values, environment: "x: y\n- z #c" },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const doc = parseDocument(result.main.text).toJS();
    expect(doc.services.web.image).toBe(values.image);
    expect(doc.services.web.environment.APP_ENV).toBe("x: y\n- z #c");
    expect(result.files.map((f) => f.name)).toEqual([".ebextensions/env.config", ".platform/hooks/prebuild/01.sh"]);
    expect(parseDocument(result.files[0].text).toJS().option_settings["aws:elasticbeanstalk:application:environment"].DEPLOYED_TAG).toBe("git_cf7edb2");
    expect(result.files[1].text).toContain("echo {{tag}}");
  });

  it("reports each problem with its path and line", () => {
    const result = renderTemplate(
      { format: "DOCKERRUN_V1", body: '{\n  "AWSEBDockerrunVersion": "1",\n  "Image": {"Name": "{{imag}}"}\n}', files: {} },
      values,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "Dockerrun.aws.json", message: expect.stringContaining("Unknown placeholder {{imag}}"), line: 3 }),
        expect.objectContaining({ path: "Dockerrun.aws.json#Ports", message: expect.stringContaining("Ports is required") }),
      ]),
    );
    const broken = renderTemplate({ format: "DOCKERRUN_V1", body: '{\n "Image": {{image}}\n}', files: {} }, values);
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.errors[0]).toMatchObject({ message: expect.stringContaining("Not valid JSON"), line: 2 });
  });

  it("validates v2 and refuses bad extra file names", () => {
    const v2 = JSON.stringify({ AWSEBDockerrunVersion: 2, containerDefinitions: [{ name: "web", image: "{{image}}" }] });
    const result = renderTemplate({ format: "DOCKERRUN_V2", body: v2, files: { "../etc/passwd": "x", ".ebextensions/a.txt": "x" } }, values);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual(["Dockerrun.aws.json#containerDefinitions[0].memory", "files.../etc/passwd", "files..ebextensions/a.txt"]);
  });

  const anyValue = fc.string({ unit: "binary", maxLength: 80 });
  const anyValues = fc.record({ image: anyValue, tag: anyValue, digest: anyValue, application: anyValue, environment: anyValue });

  it("property: no value yields invalid JSON or escapes its placeholder (Dockerrun)", () => {
    const body = JSON.stringify({
      AWSEBDockerrunVersion: "1",
      Image: { Name: "{{image}}" },
      Ports: [{ ContainerPort: "8080" }],
      Labels: { "{{tag}}": "{{application}}/{{environment}}@{{digest}}" },
    });
    fc.assert(
      fc.property(anyValues, (v) => {
        const result = renderTemplate({ format: "DOCKERRUN_V1", body, files: {} }, v);
        if (!result.ok) return result.errors.every((e) => e.path.endsWith("Image.Name"));
        const parsed = JSON.parse(result.main.text);
        expect(parsed.Image.Name).toBe(v.image);
        expect(Object.keys(parsed)).toEqual(["AWSEBDockerrunVersion", "Image", "Ports", "Labels"]);
        expect(parsed.Labels).toEqual({ [v.tag]: `${v.application}/${v.environment}@${v.digest}` });
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it("property: no value yields invalid YAML or escapes its placeholder (compose)", () => {
    fc.assert(
      fc.property(anyValues, (v) => {
        const result = renderTemplate({ format: "COMPOSE", body: compose, files: {} }, { ...v, image: v.image || "x" });
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const doc = parseDocument(result.main.text);
        expect(doc.errors).toEqual([]);
        const js = doc.toJS();
        expect(js.services.web.image).toBe(v.image || "x");
        expect(js.services.web.environment).toEqual({ APP_ENV: v.environment, TAG: v.tag });
        expect(Object.keys(js.services)).toEqual(["web"]);
      }),
      { numRuns: 300 },
    );
  });

  it("sample values render every valid default template", () => {
    expect(renderTemplate({ ...defaultTemplate(3000), files: {} }, sampleValues("app")).ok).toBe(true);
  });
});
