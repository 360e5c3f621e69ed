import type { StreamResponse } from "@a2a-js/sdk";
import { V03PushNotificationSerializer } from "@a2a-js/sdk/compat/v0_3/server";
import {
  type InMemoryPushNotificationStore,
  type PushNotificationSender,
  type PushNotificationSerializer,
  type ServerCallContext,
  V1PushNotificationSerializer,
} from "@a2a-js/sdk/server";
import { isFinalState, statusOfEvent } from "../delivery/a2a/outcome.js";
import { PUSH_TOKEN_HEADER } from "../delivery/a2a/push-webhook.js";

/** How long one push may take before it is given up, ms (the SDK's own sender's default). */
const PUSH_TIMEOUT_MS = 5_000;

/** What the agents' pushes came to, over all agents of a server. */
export interface PushTally {
  /** Pushes the webhook took (2xx). */
  sent: number;
  /** Pushes that failed: a connection error, a status other than 2xx, or no answer in time. */
  failed: number;
}

/**
 * Sends a simulated agent's push notifications: each event of a task whose `SendMessage` gave
 * a push config is POSTed to the config's URL with its token, in the body the SDK writes for
 * the A2A version the config came over (1.0: a `StreamResponse`; 0.3: the task as it is now),
 * one task's pushes in order. The SDK's `DefaultRequestHandler` calls it for every event, as it
 * calls its own `DefaultPushNotificationSender`; this one differs in logging nothing (that one
 * logs every push on stdout, where `agents serve` says where it is), in counting the pushes,
 * and in forgetting a task's configs once its final push is out, so they do not pile up.
 */
export class AgentPushSender implements PushNotificationSender {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly serializers = new Map<string, PushNotificationSerializer>([
    ["1.0", new V1PushNotificationSerializer()],
    ["0.3", new V03PushNotificationSerializer()],
  ]);

  constructor(
    private readonly store: InMemoryPushNotificationStore,
    private readonly tally: PushTally,
    /** Whether the agent loses its pushes now (sends none), for tests of a push that never comes. */
    private readonly losesPushes: () => boolean = () => false,
  ) {}

  async send(event: StreamResponse, context: ServerCallContext): Promise<void> {
    const taskId = taskIdOf(event);
    if (taskId === "") return;
    const final = isFinal(event);
    const configs = await this.store.loadWithMetadata(taskId, context);
    if (final) await this.store.delete(taskId, context);
    if (configs.length === 0 || this.losesPushes()) return;
    const before = this.chains.get(taskId) ?? Promise.resolve();
    const sent = before.then(() =>
      Promise.all(
        configs.map(({ config, wireVersion }) => {
          const serializer = this.serializers.get(wireVersion) ?? this.serializers.get("1.0");
          const { body, contentType } = (serializer as PushNotificationSerializer).serialize(event);
          return this.post(config.url, config.token, contentType, body);
        }),
      ).then(() => {}),
    );
    this.chains.set(taskId, sent);
    await sent;
    if (this.chains.get(taskId) === sent) this.chains.delete(taskId);
  }

  /** One push; its failure counted, never thrown. */
  private async post(url: string, token: string, contentType: string, body: string) {
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": contentType,
          ...(token === "" ? {} : { [PUSH_TOKEN_HEADER]: token }),
        },
        body,
        signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      if (response.ok) this.tally.sent++;
      else this.tally.failed++;
    } catch {
      this.tally.failed++;
    }
  }
}

/** The task an event belongs to; "" for a message outside any task. */
function taskIdOf(event: StreamResponse): string {
  const payload = event.payload;
  if (payload === undefined) return "";
  return payload.$case === "task" ? payload.value.id : payload.value.taskId;
}

/** Whether the event ends its task (or leaves it waiting for input): its last push. */
function isFinal(event: StreamResponse): boolean {
  const status = statusOfEvent(event);
  return status !== undefined && isFinalState(status.state);
}
