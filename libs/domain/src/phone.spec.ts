import { describe, expect, it } from '@jest/globals';
import { isMobileNumber, normalizeMainlandPhone, phoneLast4 } from './phone.js';

describe('normalizeMainlandPhone', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['+86-13812345678', '13812345678'],
    ['008613812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['(+86) 13812345678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['19912345678', '19912345678'],
    ['0571-87654321', '057187654321'],
    ['(0571) 8765 4321', '057187654321'],
    ['（0571）87654321', '057187654321'],
    ['010-12345678', '01012345678'],
    ['0791-1234567', '07911234567'],
    ['12812345678', null], // no 12x mobile prefix
    ['1381234567', null], // 10 digits
    ['138123456789', null], // 12 digits
    ['+8657187654321', null], // country prefix is for mobiles only
    ['87654321', null], // local number without area code
    ['110', null],
    ['abc', null],
    ['', null],
    ['138.1234.5678', null],
  ])('%p → %p', (input, expected) => {
    expect(normalizeMainlandPhone(input)).toBe(expected);
  });

  it('takes the last 4 digits and tells mobiles apart', () => {
    expect(phoneLast4('13812345678')).toBe('5678');
    expect(phoneLast4('057187654321')).toBe('4321');
    expect(isMobileNumber('13812345678')).toBe(true);
    expect(isMobileNumber('057187654321')).toBe(false);
  });
});
