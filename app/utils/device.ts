/**
 * How a signed-in browser is named to its owner (the account page): "Chrome · Windows"
 * rather than the raw User-Agent string. Browser and system names are product names,
 * the same in every language; null when neither is recognised (the page says so).
 */
export function deviceName(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  return [browser, system].filter(Boolean).join(" · ") || null;
}

// Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari", iPadOS also says "Mac OS X".
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, "Edge"],
  [/\b(OPR|Opera)\//, "Opera"],
  [/\b(Firefox|FxiOS)\//, "Firefox"],
  [/\b(Chrome|CriOS|HeadlessChrome|Chromium)\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
];

const SYSTEMS: [RegExp, string][] = [
  [/\biPhone\b/, "iPhone"],
  [/\biPad\b/, "iPad"],
  [/\bAndroid\b/, "Android"],
  [/\bWindows\b/, "Windows"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

/** A client address as people write it: an IPv4 address seen through an IPv6 socket ("::ffff:1.2.3.4") loses its prefix. */
export function displayAddress(ip: string | null | undefined): string | null {
  if (!ip) return null;
  return ip.replace(/^::ffff:(?=\d{1,3}(\.\d{1,3}){3}$)/i, "");
}
