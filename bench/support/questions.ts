/** One bench file and the question it answers, in the order `npm run bench` runs them. */
export interface QuestionEntry {
  /** File stem: `bench/<name>.ts` writes `bench/results/<name>.json`. */
  readonly name: string;
  readonly title: string;
}

/** Every bench, in the order they run and appear in `docs/benchmarks.md`. */
export const QUESTIONS: readonly QuestionEntry[] = [
  { name: "ceiling", title: "1. Harness ceiling" },
  { name: "memory", title: "2. Memory" },
  { name: "delay-fidelity", title: "3. Delay fidelity" },
  { name: "seed-scenarios", title: "4. Seed scenarios" },
  { name: "serialization", title: "5. Serialization" },
  { name: "profile", title: "6. Where the time goes" },
  { name: "sqlite-queue", title: "7. Durable queue" },
  { name: "redis-queue", title: "8. Redis queue" },
  { name: "distributed-workers", title: "9. Distributed workers" },
  { name: "truth", title: "10. Truth" },
  { name: "open-load", title: "11. Open load" },
  { name: "sleep-cost", title: "12. Sleep cost" },
  { name: "startup", title: "13. Start-up" },
  { name: "http-core", title: "14. HTTP core" },
  { name: "a2a-core", title: "15. A2A core" },
  { name: "nats-queue", title: "16. NATS queue" },
  { name: "amqp-queue", title: "17. RabbitMQ queue" },
  { name: "bullmq-queue", title: "18. BullMQ queue" },
  { name: "postgres-queue", title: "19. PostgreSQL queue" },
  { name: "soak", title: "20. Soak" },
];

/** The entry of the bench called `name`; throws for a name not in {@link QUESTIONS}. */
export function questionEntry(name: string): QuestionEntry {
  const found = QUESTIONS.find((entry) => entry.name === name);
  if (!found) throw new Error(`no bench called "${name}"`);
  return found;
}
