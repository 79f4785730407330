import type { Urgency } from '../policies.js';
import { CATEGORY_KEYWORDS, IMMEDIATE_KEYWORDS, URGENT_KEYWORDS } from '../routing-keywords.js';
import {
  dequantise,
  fitNbLogistic,
  fitSoftmax,
  linearScores,
  quantise,
  softmaxInPlace,
  type LinearFitOptions,
  type QuantisedWeights,
  type SparseRow,
} from './linear-models.js';
import { fitTemperature, softmaxScores, trainSoftmax, type LabelledFeatures, type SoftmaxModel, type SoftmaxTrainingOptions } from './softmax-regression.js';
import { featureSurface, normalizeText, textFeatureCounts, type Segmenter } from './text-features.js';

/** One labelled complaint of the corpus (or one an operator confirmed). */
export interface CorpusExample {
  text: string;
  category: string;
  urgency: Urgency;
}

/**
 * Version of the stored model layout and of the features it was trained on; ClassifierStore retrains
 * when the active model is older. 3: character trigrams dropped (a format-2 model would silently lose
 * their weight, so it must not be loaded).
 */
export const CLASSIFIER_MODEL_FORMAT = 3;

/** One linear member of the category ensemble (see linear-models.ts). */
export interface CategoryMember {
  type: 'nb-logistic' | 'softmax';
  /** binary: 1/√(number of features of the text); tfidf: (1 + ln tf) × idf, L2-normalised. */
  values: 'binary' | 'tfidf';
  bias: number[];
  /** features × labels, row-major (feature id × labels.length + label index). */
  weights: QuantisedWeights;
}

/** Category model: members averaged in probability, over one shared vocabulary. */
export interface CategoryEnsemble {
  labels: string[];
  /** Vocabulary: a feature's id is its position. */
  features: string[];
  idf: number[];
  /** Input value of `p:` signal features relative to a word or n-gram. */
  signalScale: number;
  members: CategoryMember[];
}

/** Everything needed to classify, as stored (JSON) with a version for rollback. */
export interface ClassifierModel {
  format: typeof CLASSIFIER_MODEL_FORMAT;
  /** Content hash of the model, shown with every classification. */
  id: string;
  trainedAt: string;
  exampleCount: number;
  category: CategoryEnsemble;
  /** Temperature fitted on out-of-fold predictions so that confidence means what it says. */
  categoryTemperature: number;
  urgency: SoftmaxModel;
  /**
   * Added to the urgency logits (per urgency label) before the decision: a missed 马上办 case costs
   * far more than a false alarm, so `immediate` and `urgent` get a head start.
   */
  urgencyShift: number[];
  urgencyTemperature: number;
}

export interface ScoredCategory {
  code: string;
  confidence: number;
}

export interface Classification {
  category: ScoredCategory;
  /** The next most likely categories, best first. */
  alternatives: ScoredCategory[];
  urgency: Urgency;
  urgencyConfidence: number;
  /** The words that decided it (strongest first), and any rule that applied. */
  evidence: string[];
  urgencyEvidence: string[];
  modelId: string;
}

/**
 * Well-known traps where surface words mislead (domain.md §7): the category they mean, decided by
 * rule because a mistake sends the case to the wrong office. Each rule is a pattern a dispatcher can read.
 */
export const CATEGORY_TRAPS: readonly { pattern: RegExp; category: string; why: string }[] = [
  // A leak from the flat upstairs is the building's (物业/业主) matter, not the water utility's.
  { pattern: /楼上.{0,8}(漏水|渗水|滴水|往下漏|水漏)|(漏水|渗水|滴水).{0,6}楼上|天花板.{0,6}(漏水|渗水|滴水)/, category: 'property', why: '楼上漏水属物业/房屋问题' },
  // A gas smell or leak is a safety hazard (emergency management, 马上办), not a supply question.
  { pattern: /(燃气|煤气|天然气).{0,4}(泄漏|泄露|漏气)|闻到.{0,4}(煤气|燃气|天然气)|(煤气|燃气|天然气)味/, category: 'safety', why: '燃气泄漏属安全隐患' },
  // People trapped in a lift: the building's lift (物业), handled immediately.
  { pattern: /(电梯|轿厢).{0,8}(困|关)(住|了|人)|困在.{0,4}电梯/, category: 'property', why: '电梯困人属物业电梯管理' },
];

/** Immediate/urgent words preceded by a negation ("没有闻到煤气味") do not count. */
const NEGATION = /(没有|没|无|未|不是|并非|并未|不)$/;

function ruleHits(text: string, words: readonly string[]): string[] {
  const hits: string[] = [];
  for (const w of words) {
    for (let at = text.indexOf(w); at !== -1; at = text.indexOf(w, at + 1)) {
      if (!NEGATION.test(text.slice(Math.max(0, at - 3), at))) {
        hits.push(w);
        break;
      }
    }
  }
  return hits;
}

/**
 * Signals for the urgency model beyond the keyword tables, in three groups: danger to people or
 * property (immediate: weapons and violence, people trapped, fire and smoke, gas smell, something
 * collapsing, water entering homes, a medical emergency, live wires), a basic supply out (urgent),
 * and whether it is happening now or has a deadline. Combinations (danger AND now) are features
 * of their own: a linear model cannot form an AND.
 */
const URGENCY_SIGNALS: readonly [string, RegExp][] = [
  ['u:danger', /被困|困在|关在.{0,4}(车|屋|里)|要跳|跳楼|跳下去|持刀|砍人|冒烟|火花|起火|着火|漏电|触电|掉进|塌了|倒了|要倒|晕倒|昏迷|上吐下泻|呕吐|站不住|砸到人|砸伤|流血|受伤|窒息|喘不上气|淹了|漫进|泡在水里|煤气味|燃气味|爆炸/],
  ['u:weapon', /持刀|拿(着)?(刀|菜刀|砍刀|棍|棒|刀子)|砍人|追着.{0,4}(砍|打)|动刀|刀子/],
  ['u:violence', /打起来|扭打|围着打|打人|打老婆|砸(店|桌子|门|车)|撬(门|锁|我家)|抢包|流(了)?(好多)?血|头破|救命|踹(门|车门)|打倒/],
  ['u:trapped', /被困|困在|困人|关(了|着)?(人|在里面|在车里)|被关在|出不来|下不来(?!楼)|压住|卡在|卡死|锁在(车|屋|里)|扒不开|门打不开.{0,6}(里面|人)/],
  ['u:fire', /着火|起火|失火|火灾|烧起来|烧着|冒(白|黑)?烟|黑烟|火星|火花|火苗|烧得通红|焦味|爆炸|炸(了|飞|开)|噼(啪|里啪啦)|滋滋响/],
  ['u:gas', /(煤气|燃气|天然气|煤汽|液化气)(味|泄漏|泄露|漏了|漏气)|闻到.{0,6}(煤气|燃气|天然气|臭鸡蛋|汽油|焦)|臭鸡蛋味|汽油味|嘶嘶|漏气/],
  ['u:collapse', /塌|倒塌|坍塌|要倒|歪了|往外歪|往外鼓|晃|往下掉|往下滑|往下陷|滚(到|下)|脱落|裂缝.{0,6}(变宽|变大)|随时(要|会|可能)?(倒|塌|掉)|断了|被刮倒|倒了/],
  ['u:flood_in', /(灌|漫|涌|流|淹)(进|入|到)?.{0,4}(屋|家|室|车库|商铺|门槛|地下)|往(屋|家|里|我家|地下室)?(里)?灌|漫过|淹了|泡(在水里|着|了)|进水了|反水|水位.{0,4}上涨|倒灌/],
  ['u:medical', /晕倒|叫不醒|昏迷|不省人事|喘不(上|过)气|脸都紫|胸口(痛|疼|闷)|呕吐|(在|都在|一直在)吐|上吐下泻|打滚|倒在地上|起不来|爬不起来|说不出话|一动不动|误吞|抽搐|冻得|烫伤/],
  ['u:live_wire', /电线.{0,6}(断|掉|垂|搭|落)|电缆.{0,4}(断|掉|搭)|带电|触电|漏电|配电(箱|房|柜)/],
  ['u:people_near', /还有人|人还在|下面(就)?是|人来人往|周围(全|都)是|好多人|有人在上面|有人站|小孩在|孩子(在|们)|还在开|照常开|不停开/],
  ['u:call_now', /快来人|快派人|快点派|赶紧派|赶紧来|马上派|立即|立刻|马上(来|到|让|派)|求求|快!|快！|🆘|紧急/],
  ['u:now', /现在|正在|马上|立刻|赶紧|赶快|刚刚|刚才|此刻|还在|到现在|至今|目前|半小时|一直在|急[!！]|紧急|救命/],
  ['u:exclaim', /[!！]{2,}/],
  ['u:outage', /停水|停电|没水|没电|断水|断电|不出水|一滴都不出|啥也没有|黑了|黑灯瞎火|停气|断气|不出气|没有暖气|暖气不热|打不着|电梯.{0,6}(停|坏)|冰凉|不通/],
  ['u:deadline', /今天|今晚|明天|后天|下周就|截止|来不及|等不了|再拖|超过24小时|到期|马上(要|就)|开学在即|马上开学|过年前|春节前/],
  ['u:vulnerable', /老人|婴儿|孕|孩子|小孩|独居|瘫|[89]0(多)?岁|病人|透析|胰岛素|手术|心脏/],
  ['u:crowd', /几十(个|名)?|二十几|一千多户|大家都|都聚在|情绪(很)?激动|堵路|整(栋|条|个|片)/],
  ['u:past', /已经恢复|恢复了|去年|上个月|以前|之前|经常|每次|长期|一直都|多年|好几年|每天|每晚|天天/],
];
const DANGER_SIGNALS = new Set(['u:danger', 'u:weapon', 'u:violence', 'u:trapped', 'u:fire', 'u:gas', 'u:collapse', 'u:flood_in', 'u:medical', 'u:live_wire']);

/** The features of the urgency model: words, bigrams, kind signals, keyword rules and urgency signals. */
function urgencyFeatures(normalized: string, counts: ReadonlyMap<string, number>): string[] {
  const features: string[] = [];
  for (const f of counts.keys()) if (f[0] === 'w' || f[0] === 'b' || f[0] === 'p') features.push(f);
  if (ruleHits(normalized, IMMEDIATE_KEYWORDS).length) features.push('r:immediate');
  if (ruleHits(normalized, URGENT_KEYWORDS).length) features.push('r:urgent');
  const signals = URGENCY_SIGNALS.filter(([, pattern]) => pattern.test(normalized)).map(([f]) => f);
  features.push(...signals);
  const danger = signals.some((f) => DANGER_SIGNALS.has(f));
  const now = signals.includes('u:now') || signals.includes('u:call_now') || signals.includes('u:exclaim');
  if (danger) features.push('u:any_danger');
  if (danger && now) features.push('u:danger_now');
  if (danger && signals.includes('u:people_near')) features.push('u:danger_people');
  if (now && signals.includes('u:outage')) features.push('u:outage_now');
  for (const trap of CATEGORY_TRAPS) if (trap.pattern.test(normalized)) features.push(`r:trap:${trap.category}`);
  return features;
}

/** FNV-1a, enough to name a model version by its content. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export interface TrainOptions {
  now: Date;
  /**
   * Folds for the out-of-fold predictions that fit the temperature. Default 2: on 5,130 texts 2 and 4
   * folds fitted the same temperatures (0.6 / 0.8) and calibration error (3.1 points), and 2 trains
   * in 33 s instead of 56 s.
   */
  folds?: number;
  /**
   * Curated terms per category, added as light extra examples (helps with words the corpus lacks).
   * Defaults to the routing keyword tables; false for none.
   */
  lexicon?: Readonly<Record<string, readonly string[]>> | false;
  /** Options of the urgency model (softmax regression). */
  softmax?: Partial<SoftmaxTrainingOptions>;
  /** Category ensemble knobs (chosen by cross-validation on the training part; see docs/classifier.md). */
  category?: Partial<CategoryTrainingOptions>;
  /** Added to the urgency logits in order immediate, normal, urgent (the labels' sorted order). */
  urgencyShift?: Partial<Record<Urgency, number>>;
}

export interface CategoryTrainingOptions {
  /** Which members to train: nb-logistic over binary values, softmax over TF-IDF values. */
  members: CategoryMember['type'][];
  signalScale: number;
  nbLogistic: LinearFitOptions;
  softmax: LinearFitOptions;
}

/** Chosen by 5-fold cross-validation on train.jsonl only (never on the held-out test part). */
export const DEFAULT_CATEGORY_OPTIONS: CategoryTrainingOptions = {
  members: ['nb-logistic', 'softmax'],
  signalScale: 2,
  nbLogistic: { epochs: 10, learningRate: 0.3, l2: 3e-4, seed: 20261125, alpha: 0.5 },
  softmax: { epochs: 15, learningRate: 0.3, l2: 1e-4, seed: 20261125 },
};
/** Urgency: signals weigh 4 words; immediate/urgent get a head start (cross-validated). */
const URGENCY_SIGNAL_SCALE = 4;
const DEFAULT_URGENCY_SHIFT: Record<Urgency, number> = { immediate: 1, urgent: 0.5, normal: 0 };

/** Lexicon entries weigh this much compared with a real complaint. */
const LEXICON_WEIGHT = 0.5;

const isSignal = (f: string) => f[0] === 'p' && f[1] === ':';

/**
 * A text's features that the vocabulary knows: ids, counts and which are signals. Looked up once per
 * text and shared by both members (and the evidence): lookups in a Map of ~95,000 strings are the
 * largest single cost of a classification, and each member used to repeat them.
 */
interface KnownFeatures {
  ids: Int32Array;
  counts: Float64Array;
  signal: Uint8Array;
  /** All features of the text, known or not (binary values are normalised by it). */
  total: number;
}

function knownFeatures(counts: ReadonlyMap<string, number>, vocabulary: ReadonlyMap<string, number>): KnownFeatures {
  const ids = new Int32Array(counts.size);
  const cs = new Float64Array(counts.size);
  const signal = new Uint8Array(counts.size);
  let n = 0;
  for (const [f, c] of counts) {
    const id = vocabulary.get(f);
    if (id === undefined) continue;
    ids[n] = id;
    cs[n] = c;
    signal[n] = isSignal(f) ? 1 : 0;
    n++;
  }
  return { ids: ids.subarray(0, n), counts: cs.subarray(0, n), signal: signal.subarray(0, n), total: counts.size };
}

/** Sparse input values of one text for a member, over the vocabulary (unknown features dropped). */
function memberValues(known: KnownFeatures, idf: ArrayLike<number>, values: CategoryMember['values'], signalScale: number): { ids: Int32Array; vals: Float64Array } {
  const { ids, counts, signal } = known;
  const vals = new Float64Array(ids.length);
  for (let j = 0; j < ids.length; j++) {
    const scale = signal[j] ? signalScale : 1;
    vals[j] = values === 'tfidf' ? (1 + Math.log(counts[j])) * idf[ids[j]] * scale : scale;
  }
  if (values === 'tfidf') {
    let norm = 0;
    for (let j = 0; j < vals.length; j++) norm += vals[j] * vals[j];
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < vals.length; j++) vals[j] /= norm;
  } else {
    // Normalised by all features of the text, known or not, so a text of unknown words is less sure.
    const norm = 1 / Math.sqrt(known.total || 1);
    for (let j = 0; j < vals.length; j++) vals[j] *= norm;
  }
  return { ids, vals };
}

interface CategoryRow {
  counts: ReadonlyMap<string, number>;
  label: string;
  weight: number;
  lexicon: boolean;
}

/** Trained ensemble with its weights still in memory (for out-of-fold scoring and for storing). */
interface TrainedCategory {
  labels: string[];
  vocabulary: Map<string, number>;
  idf: Float64Array;
  signalScale: number;
  /** Weights as float32 both after training and after loading, so the scoring loop sees one array type. */
  members: { type: CategoryMember['type']; values: CategoryMember['values']; model: { weights: Float32Array; bias: Float64Array } }[];
}

function trainCategory(rows: readonly CategoryRow[], o: CategoryTrainingOptions): TrainedCategory {
  const labels = [...new Set(rows.map((r) => r.label))].sort();
  const vocabulary = new Map<string, number>();
  const df: number[] = [];
  let documents = 0;
  for (const r of rows) {
    if (!r.lexicon) documents++;
    for (const f of r.counts.keys()) {
      let id = vocabulary.get(f);
      if (id === undefined) {
        id = vocabulary.size;
        vocabulary.set(f, id);
        df.push(0);
      }
      if (!r.lexicon) df[id]++;
    }
  }
  const idf = Float64Array.from(df, (d) => Math.log((1 + documents) / (1 + d)) + 1);
  const members: TrainedCategory['members'] = [];
  for (const type of o.members) {
    const values: CategoryMember['values'] = type === 'nb-logistic' ? 'binary' : 'tfidf';
    const sparse: SparseRow[] = rows.map((r) => ({ ...memberValues(knownFeatures(r.counts, vocabulary), idf, values, o.signalScale), y: labels.indexOf(r.label), weight: r.weight }));
    const fit = type === 'nb-logistic' ? fitNbLogistic(sparse, labels.length, vocabulary.size, o.nbLogistic) : fitSoftmax(sparse, labels.length, vocabulary.size, o.softmax);
    members.push({ type, values, model: { weights: Float32Array.from(fit.weights), bias: fit.bias } });
  }
  return { labels, vocabulary, idf, signalScale: o.signalScale, members };
}

/** Mean of the members' probabilities, returned as log-probabilities (the ensemble's logits). */
function categoryLogits(m: TrainedCategory, known: KnownFeatures): Float64Array {
  const mean = new Float64Array(m.labels.length);
  for (const member of m.members) {
    const { ids, vals } = memberValues(known, m.idf, member.values, m.signalScale);
    const p = softmaxInPlace(linearScores(member.model, ids, vals));
    for (let k = 0; k < mean.length; k++) mean[k] += p[k] / m.members.length;
  }
  for (let k = 0; k < mean.length; k++) mean[k] = Math.log(Math.max(mean[k], 1e-12));
  return mean;
}

const round = (p: number): number => Math.round(p * 10000) / 10000;
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

export function trainClassifier(examples: readonly CorpusExample[], segment: Segmenter, options: TrainOptions): ClassifierModel {
  const folds = options.folds ?? 2;
  const catOptions: CategoryTrainingOptions = { ...DEFAULT_CATEGORY_OPTIONS, ...options.category };
  const shift = { ...DEFAULT_URGENCY_SHIFT, ...options.urgencyShift };
  const urgencyOptions = { signalScale: URGENCY_SIGNAL_SCALE, ...options.softmax };
  const featurised = examples.map((e) => {
    const normalized = normalizeText(e.text);
    const counts = textFeatureCounts(normalized, segment);
    return { e, counts, urgencyFeatures: urgencyFeatures(normalized, counts) };
  });
  const terms = options.lexicon === false ? {} : (options.lexicon ?? CATEGORY_KEYWORDS);
  const lexicon: CategoryRow[] = Object.entries(terms).flatMap(([label, words]) =>
    words.map((w) => ({ counts: textFeatureCounts(w, segment), label, weight: LEXICON_WEIGHT, lexicon: true })),
  );
  const categorySet = (rows: typeof featurised): CategoryRow[] => [...rows.map((r) => ({ counts: r.counts, label: r.e.category, weight: 1, lexicon: false })), ...lexicon];
  // Urgency classes are very unequal (few `immediate`): square-root class weights, halfway to
  // balanced, so the rare, most important class is not drowned out and `normal` keeps its precision.
  const urgencySet = (rows: typeof featurised): LabelledFeatures[] => {
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.e.urgency, (counts.get(r.e.urgency) ?? 0) + 1);
    return rows.map((r) => ({ features: r.urgencyFeatures, label: r.e.urgency, weight: Math.sqrt(rows.length / (counts.size * counts.get(r.e.urgency)!)) }));
  };
  const shifted = (um: SoftmaxModel, features: readonly string[]) => {
    const s = softmaxScores(um, features);
    for (let k = 0; k < s.length; k++) s[k] += shift[um.labels[k] as Urgency] ?? 0;
    return s;
  };

  // Out-of-fold logits: each example scored by a model that never saw it.
  const catLogits: Float64Array[] = [];
  const catTruth: number[] = [];
  const urgLogits: Float64Array[] = [];
  const urgTruth: number[] = [];
  const category = trainCategory(categorySet(featurised), catOptions);
  const urgency = trainSoftmax(urgencySet(featurised), urgencyOptions);
  for (let f = 0; f < folds && featurised.length >= folds * 2; f++) {
    const train = featurised.filter((_, i) => i % folds !== f);
    const held = featurised.filter((_, i) => i % folds === f);
    const cm = trainCategory(categorySet(train), catOptions);
    const um = trainSoftmax(urgencySet(train), urgencyOptions);
    for (const r of held) {
      const ci = cm.labels.indexOf(r.e.category);
      const ui = um.labels.indexOf(r.e.urgency);
      if (ci >= 0) {
        catLogits.push(categoryLogits(cm, knownFeatures(r.counts, cm.vocabulary)));
        catTruth.push(ci);
      }
      if (ui >= 0) {
        urgLogits.push(shifted(um, r.urgencyFeatures));
        urgTruth.push(ui);
      }
    }
  }
  const model: Omit<ClassifierModel, 'id'> = {
    format: CLASSIFIER_MODEL_FORMAT,
    trainedAt: options.now.toISOString(),
    exampleCount: examples.length,
    category: {
      labels: category.labels,
      features: [...category.vocabulary.keys()],
      idf: Array.from(category.idf, round6),
      signalScale: category.signalScale,
      members: category.members.map((m) => ({
        type: m.type,
        values: m.values,
        bias: Array.from(m.model.bias, round6),
        weights: quantise(Float64Array.from(m.model.weights)),
      })),
    },
    categoryTemperature: catLogits.length ? fitTemperature(catLogits, catTruth) : 1,
    urgency,
    urgencyShift: urgency.labels.map((l) => shift[l as Urgency] ?? 0),
    urgencyTemperature: urgLogits.length ? fitTemperature(urgLogits, urgTruth) : 1,
  };
  return { ...model, id: fnv1a(JSON.stringify(model)) };
}

/** Classifies complaint text: category with calibrated confidence, alternatives, urgency, evidence. */
export class ComplaintClassifier {
  private readonly category: TrainedCategory;

  constructor(
    readonly model: ClassifierModel,
    private readonly segment: Segmenter,
  ) {
    if (model.format !== CLASSIFIER_MODEL_FORMAT) {
      throw new Error(`classifier model format ${String((model as { format?: unknown }).format)} is not ${CLASSIFIER_MODEL_FORMAT}: retrain it`);
    }
    const c = model.category;
    this.category = {
      labels: c.labels,
      vocabulary: new Map(c.features.map((f, i) => [f, i])),
      idf: Float64Array.from(c.idf),
      signalScale: c.signalScale,
      members: c.members.map((m) => ({ type: m.type, values: m.values, model: { weights: dequantise(m.weights), bias: Float64Array.from(m.bias) } })),
    };
  }

  classify(text: string): Classification {
    const normalized = normalizeText(text);
    const counts = textFeatureCounts(normalized, this.segment);
    const cm = this.category;
    const um = this.model.urgency;
    const known = knownFeatures(counts, cm.vocabulary);
    const probs = softmaxInPlace(categoryLogits(cm, known), this.model.categoryTemperature);
    const evidence: string[] = [];

    const trap = CATEGORY_TRAPS.find((t) => t.pattern.test(normalized));
    if (trap) {
      const k = cm.labels.indexOf(trap.category);
      if (k >= 0 && probs[k] < 0.9) {
        // Put the rule's category on top with a firm confidence; the rest share what is left, in proportion.
        const rest = 1 - probs[k];
        for (let i = 0; i < probs.length; i++) if (i !== k) probs[i] = rest > 0 ? (probs[i] / rest) * 0.1 : 0.1 / (probs.length - 1);
        probs[k] = 0.9;
      }
      evidence.push(`规则：${trap.why}`);
    }
    const ranked = cm.labels.map((code, i) => ({ code, confidence: round(probs[i]) })).sort((a, b) => b.confidence - a.confidence);
    const top = ranked[0];
    for (const w of this.evidenceWords(known, cm.labels.indexOf(top.code))) {
      if (evidence.length >= 6) break;
      // An n-gram inside a word already listed adds nothing for a reader.
      if (!evidence.some((e) => e.includes(w))) evidence.push(w);
    }

    const uFeatures = urgencyFeatures(normalized, counts);
    const uScores = softmaxScores(um, uFeatures);
    for (let k = 0; k < uScores.length; k++) uScores[k] += this.model.urgencyShift[k] ?? 0;
    const uProbs = softmaxInPlace(uScores, this.model.urgencyTemperature);
    let u = 0;
    for (let i = 1; i < uProbs.length; i++) if (uProbs[i] > uProbs[u]) u = i;
    const urgency = um.labels[u] as Urgency;
    const urgencyEvidence = [...ruleHits(normalized, IMMEDIATE_KEYWORDS), ...ruleHits(normalized, URGENT_KEYWORDS)];
    return {
      category: top,
      alternatives: ranked.slice(1, 4),
      urgency,
      urgencyConfidence: round(uProbs[u]),
      evidence,
      urgencyEvidence,
      modelId: this.model.id,
    };
  }

  /** Words, then bigrams, that pushed towards label k (weights summed over members), strongest first. */
  private evidenceWords(known: KnownFeatures, k: number): string[] {
    const cm = this.category;
    const K = cm.labels.length;
    const features = this.model.category.features;
    const scored: { f: string; w: number }[] = [];
    for (const id of known.ids) {
      const f = features[id];
      // Words and bigrams read well; single characters and signals do not.
      if (f[0] !== 'w' && f[0] !== 'b') continue;
      let w = 0;
      for (const m of cm.members) w += m.model.weights[id * K + k];
      if (w > 0) scored.push({ f, w });
    }
    // Words first (they read as words), then bigrams: a bigram inside a listed word is skipped by the caller.
    const rank = (f: string) => (f[0] === 'w' ? 0 : 1);
    const strongest = Math.max(0, ...scored.map((s) => s.w));
    return scored
      .filter((s) => s.w >= strongest / 5)
      .sort((a, b) => rank(a.f) - rank(b.f) || b.w - a.w).map((s) => featureSurface(s.f));
  }
}
