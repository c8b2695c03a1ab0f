import { describe, expect, it } from "vitest";
import { checkGiEvidence, displayNameOf, MAX_GI_EVIDENCE_BYTES } from "./evidence.server";

const pdf = new TextEncoder().encode("%PDF-1.7\n%%EOF\n");
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]);
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00]);

describe("GI evidence files", () => {
  it("are PDF, JPG or PNG by their bytes, whatever their name", () => {
    expect(checkGiEvidence({ bytes: pdf, name: "a.png" })).toEqual({ ok: true, mime: "application/pdf" });
    expect(checkGiEvidence({ bytes: jpeg, name: "a", type: "image/jpg" })).toEqual({ ok: true, mime: "image/jpeg" });
    expect(checkGiEvidence({ bytes: png, name: "a.png", type: "application/octet-stream" })).toEqual({ ok: true, mime: "image/png" });
  });

  it("refuses a declared type the bytes contradict, other files, empty and oversized ones — naming the file in Chinese", () => {
    expect(checkGiEvidence({ bytes: png, name: "伪装.pdf", type: "application/pdf" })).toEqual({ ok: false, tooLarge: false, message: "文件“伪装.pdf”的内容是 PNG，与声明的类型 application/pdf 不符" });
    expect(checkGiEvidence({ bytes: new TextEncoder().encode("GIF89a"), name: "a.gif" })).toMatchObject({ ok: false, tooLarge: false, message: expect.stringMatching(/不是 PDF、JPG 或 PNG/) });
    expect(checkGiEvidence({ bytes: new Uint8Array(), name: "" })).toMatchObject({ ok: false, message: "文件是空文件" });
    const big = new Uint8Array(MAX_GI_EVIDENCE_BYTES + 1);
    big.set(pdf);
    expect(checkGiEvidence({ bytes: big, name: "big.pdf" })).toMatchObject({ ok: false, tooLarge: true });
    const exact = new Uint8Array(MAX_GI_EVIDENCE_BYTES);
    exact.set(pdf);
    expect(checkGiEvidence({ bytes: exact, name: "exact.pdf" })).toMatchObject({ ok: true });
  });

  it("keep a display name without path, quotes or control characters", () => {
    expect(displayNameOf("C:\\Users\\张三\\营业执照.pdf", "application/pdf")).toBe("营业执照.pdf");
    expect(displayNameOf("../../etc/passwd", "application/pdf")).toBe("passwd");
    expect(displayNameOf('a"b\u0000c.png', "image/png")).toBe("abc.png");
    expect(displayNameOf("", "image/jpeg")).toBe("证明材料.jpg");
    expect(displayNameOf("x".repeat(500), "image/png")).toHaveLength(120);
  });
});
