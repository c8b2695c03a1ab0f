/**
 * A small RFC 4180 reader. We keep our own rather than csv-parse because the importer
 * must tell holders the line where each record *starts* (a quoted abstract may span
 * many lines) and must keep going after one bad record; csv-parse reports end lines and
 * stops at the first malformed quote.
 *
 * - Fields are separated by `delimiter`, records by CRLF, LF or a lone CR.
 * - A field starting with `"` is quoted: it may hold delimiters and line breaks, and
 *   `""` is one quote. Text after the closing quote (`"abc"def`, not RFC) is kept, as
 *   spreadsheet programs do. A quote inside an unquoted field is literal.
 * - Blank lines and records whose cells are all empty (Excel's trailing ",,,") are skipped.
 * - A quote left open at the end of the text is an error at the line where it opened;
 *   everything after it belongs to that field, so nothing more can be read.
 */

export type CsvRecord = { line: number; cells: string[] };
export type CsvResult = { records: CsvRecord[]; error?: { line: number; message: string } };

export function parseCsv(text: string, delimiter = ","): CsvResult {
  if (delimiter.length !== 1 || /["\r\n]/.test(delimiter)) throw new Error(`unusable CSV delimiter ${JSON.stringify(delimiter)}`);
  // Fields are sliced between stops rather than built a character at a time: this keeps
  // a 50 MB file at about a second, validation included.
  const stop = new RegExp(`[${delimiter.replace(/[\\\]^-]/g, "\\$&")}\\r\\n]`, "g");
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const n = text.length;

  const endOfField = (from: number) => {
    stop.lastIndex = from;
    const m = stop.exec(text);
    return m ? m.index : n;
  };
  const endRecord = () => {
    if (cells.some((c) => c.trim() !== "")) records.push({ line: recordLine, cells });
    cells = [];
  };

  for (;;) {
    let value = "";
    if (text[i] === '"') {
      const quoteLine = line;
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) {
          return { records, error: { line: quoteLine, message: `第 ${quoteLine} 行的引号没有闭合，此后的内容无法读取；请检查该行的双引号是否成对` } };
        }
        const chunk = text.slice(from, quote);
        line += lineBreaks(chunk);
        value += chunk;
        if (text[quote + 1] !== '"') {
          from = quote + 1;
          break;
        }
        value += '"';
        from = quote + 2;
      }
      i = endOfField(from);
      value += text.slice(from, i);
    } else {
      const end = endOfField(i);
      value = text.slice(i, end);
      i = end;
    }
    cells.push(value);

    if (i >= n) {
      endRecord();
      break;
    }
    if (text[i] === delimiter) {
      i++;
      continue;
    }
    endRecord();
    i += text[i] === "\r" && text[i + 1] === "\n" ? 2 : 1;
    line++;
    recordLine = line;
    if (i >= n) break;
  }
  return { records };
}

/** Line breaks in quoted text: CRLF, LF or a lone CR each count once. */
function lineBreaks(text: string): number {
  let count = 0;
  for (let k = text.indexOf("\n"); k >= 0; k = text.indexOf("\n", k + 1)) count++;
  for (let k = text.indexOf("\r"); k >= 0; k = text.indexOf("\r", k + 1)) if (text[k + 1] !== "\n") count++;
  return count;
}
