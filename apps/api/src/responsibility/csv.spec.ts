import { describe, expect, it } from '@jest/globals';
import { CsvSyntaxError, formatCsv, formatCsvField, parseCsv } from './csv.js';

describe('parseCsv (RFC 4180)', () => {
  it.each<[string, string, string[][]]>([
    ['empty text', '', []],
    ['one field', 'a', [['a']]],
    ['CRLF records, final CRLF starts no record', 'a,b\r\nc,d\r\n', [['a', 'b'], ['c', 'd']]],
    ['LF and lone CR line ends', 'a,b\nc,d\re,f', [['a', 'b'], ['c', 'd'], ['e', 'f']]],
    ['empty fields', ',a,,\r\n', [['', 'a', '', '']]],
    ['quoted comma', '"a,b",c', [['a,b', 'c']]],
    ['doubled quotes', '"say ""hi""",x', [['say "hi"', 'x']]],
    ['line breaks inside quotes', '"line1\r\nline2\nline3",x\r\ny,z', [['line1\r\nline2\nline3', 'x'], ['y', 'z']]],
    ['quoted empty field at the end', 'a,""', [['a', '']]],
    ['quoted empty field in the middle', 'a,"",b\n', [['a', '', 'b']]],
    ['BOM is ignored', '\uFEFFid,name\r\n1,噪声', [['id', 'name'], ['1', '噪声']]],
    ['blank line is a record of one empty field', 'a\n\nb', [['a'], [''], ['b']]],
    ['Chinese text and spaces kept', ' 属地 管理 ,x', [[' 属地 管理 ', 'x']]],
  ])('%s', (_name, input, expected) => {
    expect(parseCsv(input)).toEqual(expected);
  });

  it.each<[string, string, number, number]>([
    ['unterminated quote', 'a,b\r\nc,"d\r\ne', 1, 2],
    ['quote inside an unquoted field', 'a,b"c', 0, 1],
    ['text after a closing quote', 'x\n"a"b,c', 1, 2],
  ])('rejects %s, naming the record and line', (_name, input, record, line) => {
    let error: unknown;
    try {
      parseCsv(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect(error).toMatchObject({ record, line });
  });
});

describe('formatCsv', () => {
  it.each<[string, string]>([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [' padded', '" padded"'],
    ['', ''],
  ])('formats %j as %j', (value, expected) => {
    expect(formatCsvField(value)).toBe(expected);
  });

  it('writes CRLF records with a final CRLF and an optional BOM', () => {
    expect(formatCsv([['a', 'b'], ['c', 'd']])).toBe('a,b\r\nc,d\r\n');
    expect(formatCsv([['a']], { bom: true })).toBe('\uFEFFa\r\n');
    expect(formatCsv([])).toBe('');
  });

  it('round-trips awkward fields', () => {
    const records = [
      ['id', 'explanation'],
      ['r1', '含逗号, "引号" 和\r\n换行'],
      ['r2', ''],
      ['r3', '"'],
      ['r4', 'trailing newline\n'],
    ];
    expect(parseCsv(formatCsv(records, { bom: true }))).toEqual(records);
  });
});
