import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
const { createApp } = await import("./server/app");
const build = (await import(pathToFileURL("/tmp/ident_build/build/index.js").href)) as ServerBuild;
const app = await createApp({ build, publicDir: "/tmp/ident_build/public", mode: "production" });
app.listen(3471, () => console.log("up"));
