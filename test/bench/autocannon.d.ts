// The subset of autocannon's API the benchmarks use (the package ships no types).
declare module "autocannon" {
  import type { EventEmitter } from "node:events";
  type Client = { setHeaders(headers: Record<string, string>): void };
  type Options = {
    url: string;
    connections?: number;
    duration?: number;
    headers?: Record<string, string>;
    /** Requests in turn; `setupRequest` may change each one before it is sent (e.g. its path). */
    requests?: { setupRequest?: (request: { path: string }) => { path: string } }[];
    /** Called once per connection, to give each its own headers. */
    setupClient?: (client: Client) => void;
  };
  type Result = { requests: { average: number; total: number }; latency: Record<string, number>; non2xx: number; errors: number };
  type Instance = EventEmitter & PromiseLike<Result>;
  function autocannon(options: Options): Instance;
  export default autocannon;
}
