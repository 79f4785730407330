import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CATEGORIES, findCategory } from './categories.js';
import { CITY_DEPARTMENTS } from './departments.js';

describe('DEFAULT_CATEGORIES', () => {
  it('has exactly the 22 codes of domain.md §7', () => {
    expect(DEFAULT_CATEGORIES.map((c) => c.code)).toEqual([
      'water', 'power', 'gas_heating', 'roads', 'traffic', 'sanitation', 'noise', 'pollution', 'property',
      'illegal_building', 'market', 'labor', 'education', 'health', 'social_aid', 'land_demolition', 'safety',
      'public_order', 'gov_service', 'integrity', 'suggestion', 'consultation',
    ]);
  });

  it('marks the four territorial categories, which have no city-level owner', () => {
    const territorial = DEFAULT_CATEGORIES.filter((c) => c.territorial);
    expect(territorial.map((c) => c.code)).toEqual(['sanitation', 'noise', 'property', 'illegal_building']);
    expect(territorial.every((c) => c.ownerDepartmentCode === null)).toBe(true);
  });

  it('points every owner at a city department', () => {
    const codes = new Set(CITY_DEPARTMENTS.map((d) => d.code));
    for (const c of DEFAULT_CATEGORIES) {
      if (c.ownerDepartmentCode !== null) expect(codes).toContain(c.ownerDepartmentCode);
      expect(c.nameZh).not.toBe('');
      expect(c.nameEn).not.toBe('');
    }
  });

  it.each([
    ['market', 'bureau-market'],
    ['integrity', 'discipline'],
    ['consultation', 'hotline'],
    ['suggestion', null],
    ['water', 'utility-water'],
    ['safety', 'bureau-emergency'],
  ])('%s is owned by %p', (code, owner) => {
    expect(findCategory(code)?.ownerDepartmentCode).toBe(owner);
  });
});
