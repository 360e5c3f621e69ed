import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One OTLP/JSON attribute: `{ key, value: { stringValue } }` and the like. */
interface JsonAttribute {
  readonly key: string;
  readonly value: Readonly<Record<string, unknown>>;
}

/** A data point as OTLP/JSON writes it: a sum's or gauge's value, or a histogram's count. */
interface JsonPoint {
  readonly attributes?: readonly JsonAttribute[];
  readonly asInt?: string | number;
  readonly asDouble?: number;
  readonly count?: string | number;
  readonly scale?: number;
}

/** What a metric reported last, per series. */
export interface ReceivedMetric {
  readonly kind: "sum" | "gauge" | "exponentialHistogram" | "histogram";
  readonly unit: string;
  /**
   * Latest point per series: the exporting process's `service.instance.id` and the point's
   * attributes as `key=value` joined by commas, after a `|`.
   */
  readonly points: Map<string, JsonPoint>;
}

/** The resource attribute that tells the processes of one run apart. */
const INSTANCE = "service.instance.id";

/**
 * A small OTLP/HTTP (JSON) collector on 127.0.0.1 for tests: it keeps the latest point of each
 * metric per series (the exporter sends cumulative values; the processes of a distributed run
 * each their own, under their own `service.instance.id`) and the resources' attributes, and
 * notes any cumulative value (a counter's, a histogram's count) that went down.
 */
export class OtlpReceiver {
  readonly metrics = new Map<string, ReceivedMetric>();
  readonly resources: Record<string, unknown>[] = [];
  /** Every cumulative value that came in lower than the series' previous one. */
  readonly decreases: string[] = [];
  requests = 0;
  /** The headers of the latest request. */
  lastHeaders: Readonly<Record<string, string | string[] | undefined>> = {};
  private constructor(private readonly server: Server) {}

  static async start(): Promise<OtlpReceiver> {
    let receiver: OtlpReceiver | undefined;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        if (receiver) receiver.lastHeaders = request.headers;
        receiver?.take(request.url ?? "", Buffer.concat(chunks).toString("utf8"));
        response.writeHead(200, { "content-type": "application/json" });
        response.end("{}");
      });
    });
    receiver = new OtlpReceiver(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return receiver;
  }

  /** The collector's base URL. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The metric named `name`; fails when it never arrived. */
  metric(name: string): ReceivedMetric {
    const metric = this.metrics.get(name);
    if (metric === undefined) throw new Error(`no metric ${name} received`);
    return metric;
  }

  /** The instances (`service.instance.id`) that sent points of a metric. */
  instances(name: string): Set<string> {
    return new Set([...this.metric(name).points.keys()].map((key) => key.split("|")[0] ?? ""));
  }

  /** The sum of a counter's latest values over its series. */
  total(name: string): number {
    let sum = 0;
    for (const point of this.metric(name).points.values())
      sum += Number(point.asInt ?? point.asDouble ?? 0);
    return sum;
  }

  /** The sum of a histogram's latest counts over its series. */
  count(name: string): number {
    let sum = 0;
    for (const point of this.metric(name).points.values()) sum += Number(point.count ?? 0);
    return sum;
  }

  /** Every value attribute `key` took in a metric's points. */
  attributeValues(name: string, key: string): Set<unknown> {
    const values = new Set<unknown>();
    for (const point of this.metric(name).points.values()) {
      for (const attribute of point.attributes ?? []) {
        if (attribute.key === key) values.add(Object.values(attribute.value)[0]);
      }
    }
    return values;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private take(url: string, body: string): void {
    if (url !== "/v1/metrics") throw new Error(`OTLP posted to ${url}`);
    this.requests++;
    const document = JSON.parse(body) as {
      resourceMetrics: {
        resource: { attributes: JsonAttribute[] };
        scopeMetrics: { metrics: Record<string, unknown>[] }[];
      }[];
    };
    for (const resourceMetrics of document.resourceMetrics) {
      const resource = Object.fromEntries(
        resourceMetrics.resource.attributes.map((a) => [a.key, Object.values(a.value)[0]]),
      );
      this.resources.push(resource);
      const instance = String(resource[INSTANCE] ?? "");
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) this.takeMetric(metric, instance);
      }
    }
  }

  private takeMetric(metric: Record<string, unknown>, instance: string): void {
    const kinds = ["sum", "gauge", "exponentialHistogram", "histogram"] as const;
    const kind = kinds.find((k) => metric[k] !== undefined);
    if (kind === undefined) return;
    const name = String(metric.name);
    const received = this.metrics.get(name) ?? {
      kind,
      unit: String(metric.unit ?? ""),
      points: new Map<string, JsonPoint>(),
    };
    this.metrics.set(name, received);
    const { dataPoints } = metric[kind] as { dataPoints: JsonPoint[] };
    for (const point of dataPoints) {
      const attributes = (point.attributes ?? [])
        .map((a) => `${a.key}=${String(Object.values(a.value)[0])}`)
        .sort()
        .join(",");
      const key = `${instance}|${attributes}`;
      const before = received.points.get(key);
      if (before !== undefined && kind !== "gauge" && cumulative(point) < cumulative(before)) {
        this.decreases.push(`${name} ${key}: ${cumulative(before)} then ${cumulative(point)}`);
      }
      received.points.set(key, point);
    }
  }
}

/** A counter's value or a histogram's count: what only grows in a cumulative series. */
function cumulative(point: JsonPoint): number {
  return Number(point.asInt ?? point.asDouble ?? point.count ?? 0);
}
