import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import {
  A2A_VERSION_HEADER,
  type Message as A2aMessage,
  type AgentCard,
  Extensions,
  formatSSEErrorEvent,
  formatSSEEvent,
  HTTP_EXTENSION_HEADER,
  Role,
  SSE_HEADERS,
  TaskState,
} from "@a2a-js/sdk";
import {
  LegacyJsonRpcTransportHandler,
  LegacyRestTransportHandler,
} from "@a2a-js/sdk/compat/v0_3/server";
import {
  type A2ARequestHandler,
  AgentEvent,
  type AgentExecutor,
  DefaultExecutionEventBusManager,
  DefaultRequestHandler,
  defaultServerCallContextBuilder,
  InMemoryPushNotificationStore,
  InMemoryTaskStore,
  JsonRpcTransportHandler,
  UnauthenticatedUser,
  validateVersion,
} from "@a2a-js/sdk/server";
import { SWARM_METADATA_KEY, type SwarmEnvelope } from "../delivery/a2a/message-parts.js";
import type { AgentBehaviour, Decider } from "./behaviour.js";
import { AgentPushSender, type PushTally } from "./push-sender.js";
import type { ReceiptBook } from "./receipts.js";

/** A2A protocol versions a simulated agent's card may offer. */
export type A2aAgentVersion = "1.0" | "0.3";

/** The version a request without an `A2A-Version` header asks for, as the SDK reads it. */
const LEGACY_VERSION = "0.3";

/** JSON-RPC's internal error: the one the SDK answers with HTTP 500. */
const INTERNAL_ERROR = -32603;

/** What one simulated A2A agent needs from its server. */
export interface A2aAgentOptions {
  readonly name: string;
  /** The agent's own URL: its JSON-RPC endpoint, its card under it. */
  readonly url: string;
  readonly versions: readonly A2aAgentVersion[];
  /** The agent's behaviour now (read on every delivery). */
  readonly behaviour: () => AgentBehaviour;
  readonly decider: Decider;
  readonly receipts: ReceiptBook;
  /** Counts the pushes of every agent of the server. */
  readonly pushes: PushTally;
  /** Settles when the server closes: what a dead agent's deliveries wait for. */
  readonly closed: Promise<void>;
}

/**
 * One simulated A2A agent: the SDK's own request handler ({@link DefaultRequestHandler}) and
 * JSON-RPC transport handlers (1.0, and 0.3 through the SDK's compatibility layer), served on
 * node:http without a web framework, the way the SDK's express middleware serves them. Each
 * delivery is recorded in the receipts by the envelope's message id. A `SendMessage` that
 * gives a push config (and asks to be answered at once) has the task's events pushed to it.
 */
export class A2aAgent {
  private readonly card: AgentCard;
  private readonly handler: DefaultRequestHandler;
  private readonly rpc: JsonRpcTransportHandler;
  private readonly legacyRpc: LegacyJsonRpcTransportHandler;
  private readonly legacyCards: LegacyRestTransportHandler;

  constructor(private readonly options: A2aAgentOptions) {
    this.card = cardOf(options.name, options.url, options.versions);
    const pushStore = new InMemoryPushNotificationStore();
    this.handler = new DefaultRequestHandler(
      this.card,
      new InMemoryTaskStore(),
      this.executor(),
      new DefaultExecutionEventBusManager(),
      pushStore,
      new AgentPushSender(
        pushStore,
        options.pushes,
        () => options.behaviour().losesPushes === true,
      ),
    );
    this.rpc = new JsonRpcTransportHandler(this.handler);
    this.legacyRpc = new LegacyJsonRpcTransportHandler(this.handler);
    // The compatibility layer turns a card into its 0.3 shape only on the way out of its
    // extended-card call: a handler whose extended card is the public one serves that.
    const handler = this.handler;
    const publicCard: A2ARequestHandler = Object.assign(Object.create(handler), {
      getAuthenticatedExtendedAgentCard: () => handler.getAgentCard(),
    });
    this.legacyCards = new LegacyRestTransportHandler(publicCard);
  }

  /**
   * `GET …/.well-known/agent-card.json`: the 1.0 card to a client that asks for 1.0 (the SDK's
   * client does), the 0.3 card to one that names no version or a 0.x one.
   */
  async serveCard(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const version = headerOf(request, A2A_VERSION_HEADER);
    let card: unknown = this.card;
    if (isLegacy(version ?? "")) {
      try {
        card = await this.legacyCards.getAuthenticatedExtendedAgentCard(
          defaultServerCallContextBuilder({
            extensions: undefined,
            user: new UnauthenticatedUser(),
            headers: request.headers,
            requestedVersion: version,
          }),
        );
      } catch {
        sendJson(response, 400, { code: -32009, message: "no interface of a 0.x version" });
        return;
      }
    }
    response.setHeader("Vary", A2A_VERSION_HEADER);
    sendJson(response, 200, card);
  }

  /**
   * `POST` to the agent's URL: one JSON-RPC request (its body parsed, or undefined when it is
   * not JSON), answered in JSON or as server-sent events.
   */
  async serveRpc(
    request: IncomingMessage,
    response: ServerResponse,
    parsed: Record<string, unknown> | undefined,
  ): Promise<void> {
    const version = headerOf(request, A2A_VERSION_HEADER);
    const legacy = (version ?? LEGACY_VERSION) === LEGACY_VERSION;
    const mapError = legacy
      ? LegacyJsonRpcTransportHandler.mapToLegacyJSONRPCError
      : JsonRpcTransportHandler.mapToJSONRPCError;
    if (parsed === undefined) {
      const error = { code: -32700, message: "Invalid JSON payload." };
      sendJson(response, 200, { jsonrpc: "2.0", id: null, error });
      return;
    }
    const id = parsed.id ?? null;
    const behaviour = this.options.behaviour();
    if (behaviour.rpcError !== undefined) {
      sendJson(response, 200, { jsonrpc: "2.0", id, error: behaviour.rpcError });
      return;
    }
    try {
      const context = defaultServerCallContextBuilder({
        extensions: Extensions.parseServiceParameter(headerOf(request, HTTP_EXTENSION_HEADER)),
        user: new UnauthenticatedUser(),
        headers: request.headers,
        requestedVersion: version,
      });
      validateVersion(context.requestedVersion, this.card, "JSONRPC");
      const answer = await (legacy ? this.legacyRpc : this.rpc).handle(parsed, context);
      if (!(Symbol.asyncIterator in answer)) {
        sendJson(response, 200, answer);
        return;
      }
      const iterator = answer[Symbol.asyncIterator]();
      let first: IteratorResult<unknown>;
      try {
        first = await iterator.next();
      } catch (error) {
        sendJson(response, 200, { jsonrpc: "2.0", id, error: mapError(error) });
        return;
      }
      response.writeHead(200, SSE_HEADERS);
      try {
        for (let step = first; !step.done; step = await iterator.next()) {
          response.write(formatSSEEvent(step.value));
        }
      } catch (error) {
        response.write(formatSSEErrorEvent({ jsonrpc: "2.0", id, error: mapError(error) }));
      } finally {
        response.end();
      }
    } catch (error) {
      const mapped = mapError(error);
      if (!response.headersSent) {
        sendJson(response, mapped.code === INTERNAL_ERROR ? 500 : 200, {
          jsonrpc: "2.0",
          id,
          error: mapped,
        });
      } else if (!response.writableEnded) {
        response.end();
      }
    }
  }

  /**
   * The agent's work: keep the receipt, say the task is working, wait, and end the task
   * completed or failed (or answer with a plain message, for a test that asks for one).
   */
  private executor(): AgentExecutor {
    const { name, decider, receipts } = this.options;
    return {
      execute: async (context, bus) => {
        const behaviour = this.options.behaviour();
        const envelope = context.userMessage.metadata?.[SWARM_METADATA_KEY] as
          | Partial<SwarmEnvelope>
          | undefined;
        const id = typeof envelope?.id === "string" ? envelope.id : "?";
        const attempt = typeof envelope?.attempt === "number" ? envelope.attempt : 1;
        const decision = decider.decide(behaviour, name, id, attempt);
        const copies = decision.drops ? 0 : decision.doubles ? 2 : 1;
        for (let i = 0; i < copies; i++) receipts.receive(name, id);
        if (decision.hangs) {
          // A dead agent: no answer, ever; the caller's timeout or the server's end settles it.
          await this.options.closed;
          bus.finished();
          return;
        }
        if (behaviour.replyWithMessage && !decision.fails) {
          if (decision.delayMs > 0) await sleep(decision.delayMs);
          for (let i = 0; i < copies; i++) receipts.complete(name, id);
          bus.publish(AgentEvent.message(agentMessage(context.contextId, "", "done")));
          bus.finished();
          return;
        }
        // The task first, working: what a caller that asked to be answered at once (push
        // mode) is answered with; then the work, and the task's end.
        bus.publish(
          AgentEvent.task({
            id: context.taskId,
            contextId: context.contextId,
            status: {
              state: TaskState.TASK_STATE_WORKING,
              message: undefined,
              timestamp: new Date().toISOString(),
            },
            artifacts: [],
            history: [context.userMessage],
            metadata: undefined,
          }),
        );
        if (decision.delayMs > 0) await sleep(decision.delayMs);
        if (!decision.fails) for (let i = 0; i < copies; i++) receipts.complete(name, id);
        const state = !decision.fails
          ? TaskState.TASK_STATE_COMPLETED
          : behaviour.failState === "rejected"
            ? TaskState.TASK_STATE_REJECTED
            : TaskState.TASK_STATE_FAILED;
        const said = decision.fails ? "simulated failure" : "done";
        bus.publish(
          AgentEvent.statusUpdate({
            taskId: context.taskId,
            contextId: context.contextId,
            status: {
              state,
              message: agentMessage(context.contextId, context.taskId, said),
              timestamp: new Date().toISOString(),
            },
            metadata: undefined,
          }),
        );
        bus.finished();
      },
      cancelTask: async () => {},
    };
  }
}

/** The card of agent `name` at `url`: JSON-RPC in each of `versions`, on the same URL. */
function cardOf(name: string, url: string, versions: readonly A2aAgentVersion[]): AgentCard {
  return {
    name,
    description: `swarm-stress simulated agent ${name}`,
    supportedInterfaces: versions.map((protocolVersion) => ({
      url,
      protocolBinding: "JSONRPC",
      tenant: "",
      protocolVersion,
    })),
    provider: undefined,
    version: "1.0.0",
    capabilities: { streaming: true, pushNotifications: true, extensions: [] },
    securitySchemes: {},
    securityRequirements: [],
    defaultInputModes: ["text/plain", "application/json"],
    defaultOutputModes: ["text/plain"],
    skills: [],
    signatures: [],
  };
}

/** A message from the agent saying `text`. */
function agentMessage(contextId: string, taskId: string, text: string): A2aMessage {
  return {
    messageId: `${taskId}:${text}`,
    contextId,
    taskId,
    role: Role.ROLE_AGENT,
    parts: [
      {
        content: { $case: "text", value: text },
        metadata: undefined,
        filename: "",
        mediaType: "text/plain",
      },
    ],
    metadata: undefined,
    extensions: [],
    referenceTaskIds: [],
  };
}

/** Whether a requested version is before 1.0 (none at all counts as 0.3, as the SDK has it). */
function isLegacy(version: string): boolean {
  const text = version.trim();
  return text === "" || text.startsWith("0.");
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return (Array.isArray(value) ? value[0] : value) || undefined;
}

/** Answer with `body` as JSON. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}
