import { describe, expect, it } from "vitest";
import { declaredMediaType, declaredTypeContradicts, isJpeg, isPdf, isPng, sniffFileType } from "./file-types";

const pdf = new TextEncoder().encode("%PDF-1.7\n%âãÏÓ\n");
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]);
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]);

describe("file types by magic bytes", () => {
  it("knows PDF, JPEG and PNG by their first bytes", () => {
    expect(isPdf(pdf)).toBe(true);
    expect(isJpeg(jpeg)).toBe(true);
    expect(isPng(png)).toBe(true);
    expect(sniffFileType(pdf)).toBe("application/pdf");
    expect(sniffFileType(jpeg)).toBe("image/jpeg");
    expect(sniffFileType(png)).toBe("image/png");
  });

  it("knows nothing else, nor a truncated signature, nor an empty file", () => {
    expect(sniffFileType(new TextEncoder().encode("GIF89a"))).toBeNull();
    expect(sniffFileType(new TextEncoder().encode("%PDF"))).toBeNull();
    expect(sniffFileType(png.slice(0, 7))).toBeNull();
    expect(sniffFileType(new Uint8Array())).toBeNull();
    expect(sniffFileType(new TextEncoder().encode("<html>%PDF-1.7"))).toBeNull();
  });

  it("keeps to the allowed types", () => {
    expect(sniffFileType(png, ["application/pdf", "image/jpeg"])).toBeNull();
    expect(sniffFileType(pdf, ["application/pdf"])).toBe("application/pdf");
  });

  it("reads a declared type, and finds contradictions", () => {
    expect(declaredMediaType("application/pdf; charset=binary")).toBe("application/pdf");
    expect(declaredMediaType("IMAGE/JPG")).toBe("image/jpeg");
    expect(declaredMediaType("application/octet-stream")).toBeNull();
    expect(declaredMediaType("")).toBeNull();
    expect(declaredMediaType(null)).toBeNull();
    expect(declaredTypeContradicts("application/pdf", "image/png")).toBe(true);
    expect(declaredTypeContradicts("image/jpg", "image/jpeg")).toBe(false);
    expect(declaredTypeContradicts(undefined, "image/png")).toBe(false);
    expect(declaredTypeContradicts("application/octet-stream", "application/pdf")).toBe(false);
  });
});
