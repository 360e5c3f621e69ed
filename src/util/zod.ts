import type * as Zod from "zod";
import { lazyPackage } from "./lazy.js";

/**
 * zod, loaded when a schema is first built rather than on import: it alone takes longer to load
 * than the rest of the library. Schemas are built from it on first use (see `once`).
 */
export const loadZod: () => typeof Zod = lazyPackage<typeof Zod>("zod");

/** zod's `z`, the namespace a schema is built from: what a schema's builder takes. */
export type ZodNamespace = typeof Zod.z;
