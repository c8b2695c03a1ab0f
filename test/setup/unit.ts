// Unit tests touch no database or Redis; fail on unexpected console errors.
import { afterEach, vi } from "vitest";

const errorSpy = vi.spyOn(console, "error");
afterEach(() => {
  const calls = errorSpy.mock.calls;
  errorSpy.mockClear();
  if (calls.length) throw new Error(`unexpected console.error: ${calls.map((c) => c.join(" ")).join("\n")}`);
});
