import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DplError } from "./errors";
import { EnvironmentNameSchema, ImageTagSchema, parseInput, ApplicationNameSchema, RequiredReasonSchema } from "./validation";
import { z } from "zod";

const Input = z.object({ application: ApplicationNameSchema, environment: EnvironmentNameSchema, tag: ImageTagSchema, reason: RequiredReasonSchema });
const good = { application: "takumi-server", environment: "takumi-srv-dev", tag: "git_cf7edb2", reason: "hotfix" };

describe("input validation", () => {
  it("accepts the article's names", () => {
    expect(parseInput(Input, good)).toEqual(good);
  });

  it.each([
    [{ environment: "dev" }, "environment must be 4 to 40 characters"],
    [{ environment: "-bad-env" }, "environment may contain only letters"],
    [{ tag: ".hidden" }, "tag may contain only"],
    [{ tag: "x".repeat(129) }, "at most 128"],
    [{ application: "" }, "application must not be empty"],
    [{ reason: "  " }, "reason is required"],
  ])("refuses %j with a specific message", (patch, message) => {
    try {
      parseInput(Input, { ...good, ...patch });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DplError);
      expect((error as DplError).code).toBe("VALIDATION_FAILED");
      expect((error as DplError).message.toLowerCase()).toContain(message.toLowerCase());
    }
  });

  it("property: an accepted tag always matches the Docker tag rule", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 140 }), (tag) => {
        const ok = ImageTagSchema.safeParse(tag).success;
        expect(ok).toBe(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag));
      }),
    );
  });
});
