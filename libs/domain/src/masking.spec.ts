import { describe, expect, it } from '@jest/globals';
import { maskName, maskPhone, maskTrackingCode } from './masking.js';

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['+86 138-1234-5678', '138****5678'],
    ['057187654321', '0571****4321'],
    ['0571-8765432', '0571***5432'],
    ['01012345678', '010****5678'],
    ['02112345678', '021****5678'],
    ['+1 415 555 0100', '***********0100'],
    ['123', '***'],
    ['', ''],
  ])('%p → %p', (input, expected) => {
    expect(maskPhone(input)).toBe(expected);
  });
});

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['Li Lei', 'L*****'],
    ['  王五 ', '王*'],
    ['张', '*'],
    ['', ''],
    ['   ', ''],
  ])('%p → %p', (input, expected) => {
    expect(maskName(input)).toBe(expected);
  });
});

describe('maskTrackingCode', () => {
  it.each([
    ['ABCD-EFGH-JKMN', 'ABCD-****-****'],
    ['ABCDEFGHJKMN', 'ABCD********'],
    ['AB', 'AB'],
    ['', ''],
  ])('%p → %p', (input, expected) => {
    expect(maskTrackingCode(input)).toBe(expected);
  });
});
