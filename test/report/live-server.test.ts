import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { type LiveServer, startLiveServer } from "../../src/report/live-server.js";
import { readEvents } from "../support/dashboard.js";

/** Status of a request for `path` naming `host`, as another site's page would after DNS rebinding. */
function statusWithHost(url: string, path: string, host: string, method = "GET"): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method, headers: { host } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the live server", () => {
  let server: LiveServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("serves its page, replays the latest event of each name to a late page, and closes", async () => {
    server = await startLiveServer({ port: 0, page: "<p>live</p>", eventsPath: "events" });
    const { url } = server;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(url);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await page.text()).toBe("<p>live</p>");
    server.send("update", { n: 1 });
    server.send("update", { n: 2 });
    server.send("steps", { rows: 1 });
    // A page that connects now: the latest of each, in the order first sent.
    const late = await readEvents(`${url}events`, (event) => event.event === "steps");
    expect(late.map(({ event, data }) => ({ event, data }))).toEqual([
      { event: "update", data: { n: 2 } },
      { event: "steps", data: { rows: 1 } },
    ]);
    // A page listening gets each event as it is sent, until the server closes the stream.
    const listening = readEvents(`${url}events`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    server.send("end", { done: true });
    await server.close();
    const heard = await listening;
    expect(heard.map((e) => e.event)).toEqual(["update", "steps", "end"]);
    await expect(fetch(url)).rejects.toThrow();
    server = undefined;
  });

  it("makes an event sent when watched only once a page listens, and then only the latest", async () => {
    server = await startLiveServer({ port: 0, page: "x", eventsPath: "events" });
    const made: number[] = [];
    const update = (n: number) => () => {
      made.push(n);
      return { n };
    };
    server.sendWhenWatched("update", update(1));
    server.sendWhenWatched("update", update(2));
    expect(made).toEqual([]);
    const late = await readEvents(`${server.url}events`, (event) => event.event === "update");
    expect(late.map(({ data }) => data)).toEqual([{ n: 2 }]);
    expect(made).toEqual([2]);
    // With a page listening (told the latest first, made once already), each is made as sent.
    const listening = readEvents(`${server.url}events`, (event) => event.event === "end");
    await new Promise((resolve) => setTimeout(resolve, 100));
    server.sendWhenWatched("update", update(3));
    expect(made).toEqual([2, 3]);
    server.send("end", {});
    expect((await listening).map(({ data }) => data)).toEqual([{ n: 2 }, { n: 3 }, {}]);
  });

  it("answers only requests that name it by 127.0.0.1 or localhost, GET only, two paths", async () => {
    server = await startLiveServer({ port: 0, page: "x", eventsPath: "events" });
    const { url } = server;
    const port = new URL(url).port;
    expect(await statusWithHost(url, "/", `127.0.0.1:${port}`)).toBe(200);
    expect(await statusWithHost(url, "/", `localhost:${port}`)).toBe(200);
    expect(await statusWithHost(url, "/", `evil.example:${port}`)).toBe(403);
    expect(await statusWithHost(url, "/events", "evil.example")).toBe(403);
    expect(await statusWithHost(url, "/", `127.0.0.1:${port}`, "POST")).toBe(405);
    expect(await statusWithHost(url, "/report.html", `127.0.0.1:${port}`)).toBe(404);
  });

  it("a port in use is the listen error", async () => {
    server = await startLiveServer({ port: 0, page: "x", eventsPath: "events" });
    const port = Number(new URL(server.url).port);
    await expect(startLiveServer({ port, page: "x", eventsPath: "events" })).rejects.toMatchObject({
      code: "EADDRINUSE",
    });
  });
});
