import { runSettingsSchema } from "../config/run-settings.js";
import { once } from "../util/lazy.js";
import { parseThreshold } from "./threshold.js";

/**
 * {@link runSettingsSchema} with each threshold expression parsed too: an unknown metric or a
 * bad limit is an issue at `thresholds.N`, like any other bad setting. The model's schema
 * cannot do this itself: thresholds name the result's metrics, which sit a layer above it.
 * Built on first use, as the schema it extends is, so that importing this loads no zod.
 */
export const checkedRunSettingsSchema = once(() =>
  runSettingsSchema().superRefine((settings, ctx) => {
    settings.thresholds?.forEach((text, index) => {
      try {
        parseThreshold(text);
      } catch (error) {
        ctx.addIssue({
          code: "custom",
          message: (error as Error).message,
          path: ["thresholds", index],
        });
      }
    });
  }),
);
