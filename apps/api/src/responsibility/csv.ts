/**
 * A small RFC 4180 CSV reader and writer: comma-separated fields, double-quoted fields that may hold
 * commas, quotes (doubled) and line breaks. Records end with CRLF, LF or a lone CR (Excel on macOS),
 * and the last record may end without one. A leading UTF-8 BOM is ignored. Strict where a lenient
 * reader would guess: a quote inside an unquoted field, or text after a closing quote, is an error
 * naming the record, so a damaged file is reported instead of silently shifting columns.
 */

const BOM = '\uFEFF';

export class CsvSyntaxError extends Error {
  constructor(
    /** 0-based index of the record the problem is in (the header is record 0). */
    readonly record: number,
    /** 1-based physical line of the problem. */
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/** Parses CSV text into records of fields. Empty text gives no records. */
export function parseCsv(input: string): string[][] {
  const text = input.startsWith(BOM) ? input.slice(1) : input;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let line = 1;
  let i = 0;
  // A record exists once any character of it has been read; a trailing line break starts none.
  let inRecord = false;

  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
    inRecord = false;
  };

  while (i < text.length) {
    const ch = text[i]!;
    inRecord = true;
    if (ch === '"' && field === '') {
      // Quoted field: runs to the next quote not followed by another quote.
      const startLine = line;
      i++;
      for (;;) {
        if (i >= text.length) throw new CsvSyntaxError(records.length, startLine, `第 ${startLine} 行的引号没有闭合 / unterminated quoted field starting on line ${startLine}`);
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
        throw new CsvSyntaxError(records.length, line, `第 ${line} 行：引号字段结束后只能是逗号或换行 / line ${line}: a closing quote must be followed by a comma or a line break`);
      }
      // A quoted empty field ("") must still count as a field even though `field` is empty.
      if (next === undefined) {
        endRecord();
        break;
      }
      continue;
    }
    if (ch === '"') {
      throw new CsvSyntaxError(records.length, line, `第 ${line} 行：未加引号的字段中不能有引号 / line ${line}: a quote inside an unquoted field (quote the whole field and double the quote)`);
    }
    if (ch === ',') {
      endField();
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    field += ch;
    i++;
  }
  if (inRecord) endRecord();
  return records;
}

/** Quotes a field when it holds a comma, a quote, a line break or leading/trailing spaces. */
export function formatCsvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Writes records as CSV with CRLF line ends (RFC 4180 §2.1) and a final CRLF. With `bom`, prefixes the
 * UTF-8 byte order mark, without which Excel (in a Chinese locale) reads the file as GBK and garbles it.
 */
export function formatCsv(records: readonly (readonly string[])[], opts: { bom?: boolean } = {}): string {
  const body = records.map((r) => r.map(formatCsvField).join(',')).join('\r\n');
  return (opts.bom ? BOM : '') + (records.length ? `${body}\r\n` : '');
}
