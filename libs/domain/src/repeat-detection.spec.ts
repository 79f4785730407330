import { describe, expect, it } from '@jest/globals';
import { findRepeats, textSimilarity } from './repeat-detection.js';

describe('textSimilarity', () => {
  it.each([
    ['identical', '楼下烧烤店油烟太大', '楼下烧烤店油烟太大', 1],
    ['reworded', '翠苑一区楼下烧烤店油烟太大熏得没法开窗', '翠苑一区楼下那家烧烤店的油烟太大了，窗都不能开', 0.3],
    ['unrelated', '翠苑一区楼下烧烤店油烟太大', '公交车司机态度恶劣', 0],
  ])('%s', (_l, a, b, atLeast) => {
    const s = textSimilarity(a, b);
    if (atLeast === 0) expect(s).toBeLessThan(0.1);
    else expect(s).toBeGreaterThanOrEqual(atLeast);
  });

  it('ignores punctuation, spaces and width', () => {
    expect(textSimilarity('噪音，很大！', '噪音很大')).toBe(1);
  });
});

describe('findRepeats', () => {
  const candidates = [
    { id: 'a', phone: '13800001234', streetCode: '330106005', content: '路灯坏了' },
    { id: 'b', phone: '13900000000', streetCode: '330106005', content: '翠苑一区楼下烧烤店油烟太大熏得没法开窗' },
    { id: 'c', phone: '13900000000', streetCode: '330106002', content: '翠苑一区楼下烧烤店油烟太大熏得没法开窗' },
    { id: 'd', phone: null, streetCode: '330106005', content: '公交车司机态度恶劣' },
  ];

  it('finds the same phone, and the same street with similar text, but not similar text elsewhere', () => {
    const r = findRepeats({ phone: '13800001234', streetCode: '330106005', content: '翠苑一区楼下那家烧烤店的油烟太大了，窗都不能开' }, candidates);
    // Ordered by number of reasons, then similarity: b says the same thing, a is only the same caller.
    expect(r.map((m) => [m.id, m.reasons])).toEqual([
      ['b', ['same_place_similar_text']],
      ['a', ['same_phone']],
    ]);
  });

  it('finds nothing for an anonymous caller without a place', () => {
    expect(findRepeats({ phone: null, streetCode: null, content: '翠苑一区楼下烧烤店油烟太大熏得没法开窗' }, candidates)).toEqual([]);
  });
});
