import { setPriority } from "node:os";

/**
 * The files that make no claim about time run at the lowest CPU priority, and so does every
 * process they start: the timing files beside them (normal priority) take a core whenever they
 * want one, as they would on an idle machine, while these use what is left.
 */
setPriority(19);
