import { RunSettingsSchema } from "../config/run-settings.js";
import { parseThreshold } from "./threshold.js";

/**
 * {@link RunSettingsSchema} with each threshold expression parsed too: an unknown metric or a
 * bad limit is an issue at `thresholds.N`, like any other bad setting. The model's schema
 * cannot do this itself: thresholds name the result's metrics, which sit a layer above it.
 */
export const CheckedRunSettingsSchema = RunSettingsSchema.superRefine((settings, ctx) => {
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
});
