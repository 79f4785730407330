import type { Urgency } from '../policies.js';
import { CATEGORY_KEYWORDS, IMMEDIATE_KEYWORDS, URGENT_KEYWORDS } from '../routing-keywords.js';
import {
  contributions,
  fitTemperature,
  softmaxPredict,
  softmaxScores,
  trainSoftmax,
  type LabelledFeatures,
  type SoftmaxModel,
  type SoftmaxTrainingOptions,
} from './softmax-regression.js';
import { featureSurface, normalizeText, textFeatures, type Segmenter } from './text-features.js';

/** One labelled complaint of the corpus (or one an operator confirmed). */
export interface CorpusExample {
  text: string;
  category: string;
  urgency: Urgency;
}

/** Everything needed to classify, as stored (JSON) with a version for rollback. */
export interface ClassifierModel {
  format: 1;
  /** Content hash of the model, shown with every classification. */
  id: string;
  trainedAt: string;
  exampleCount: number;
  category: SoftmaxModel;
  /** Temperature fitted on out-of-fold predictions so that confidence means what it says. */
  categoryTemperature: number;
  urgency: SoftmaxModel;
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
 * Signals for the urgency model beyond the keyword tables: danger to a person now, something
 * happening at this moment, a basic supply out, a hard deadline today or tomorrow.
 */
const URGENCY_SIGNALS: readonly [string, RegExp][] = [
  ['u:danger', /被困|困在|关在.{0,4}(车|屋|里)|要跳|跳楼|跳下去|持刀|砍人|冒烟|火花|起火|着火|漏电|触电|掉进|塌了|倒了|要倒|晕倒|昏迷|上吐下泻|呕吐|站不住|砸到人|砸伤|流血|受伤|窒息|喘不上气|淹了|漫进|泡在水里|煤气味|燃气味|爆炸/],
  ['u:now', /现在|正在|马上|立刻|赶紧|赶快|刚刚|此刻|还在(继续|干|施工|排|卖|打)|急[!！]|紧急|救命/],
  ['u:outage', /停水|停电|没水|没电|断水|断电|不出水|黑灯瞎火|停气|没有暖气|暖气不热|打不着火/],
  ['u:deadline', /今天|今晚|明天|后天|截止|来不及|等不了|开学在即|马上开学|过年前|春节前/],
];

function urgencyFeatures(normalized: string, base: string[]): string[] {
  const features = [...base];
  if (ruleHits(normalized, IMMEDIATE_KEYWORDS).length) features.push('r:immediate');
  if (ruleHits(normalized, URGENT_KEYWORDS).length) features.push('r:urgent');
  for (const [feature, pattern] of URGENCY_SIGNALS) if (pattern.test(normalized)) features.push(feature);
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
  /** Folds for the out-of-fold predictions that fit the temperature. */
  folds?: number;
  /**
   * Curated terms per category, added as light extra examples (helps with words the corpus lacks).
   * Defaults to the routing keyword tables; false for none.
   */
  lexicon?: Readonly<Record<string, readonly string[]>> | false;
  softmax?: Partial<SoftmaxTrainingOptions>;
}

/** Lexicon entries weigh this much compared with a real complaint. */
const LEXICON_WEIGHT = 0.5;

export function trainClassifier(examples: readonly CorpusExample[], segment: Segmenter, options: TrainOptions): ClassifierModel {
  const folds = options.folds ?? 4;
  const featurised = examples.map((e) => {
    const features = textFeatures(e.text, segment);
    return { e, features, urgencyFeatures: urgencyFeatures(normalizeText(e.text), features) };
  });
  const terms = options.lexicon === false ? {} : (options.lexicon ?? CATEGORY_KEYWORDS);
  const lexicon: LabelledFeatures[] = Object.entries(terms).flatMap(([label, words]) =>
    words.map((w) => ({ features: textFeatures(w, segment), label, weight: LEXICON_WEIGHT })),
  );
  const categorySet = (rows: typeof featurised): LabelledFeatures[] => [...rows.map((r) => ({ features: r.features, label: r.e.category })), ...lexicon];
  // Urgency classes are very unequal (few `immediate`): weigh each class equally so the rare, most
  // important one is not drowned out (square-root weights: halfway to balanced, so `normal` keeps its
  // precision). A missed 马上办 case costs far more than a false alarm.
  const urgencySet = (rows: typeof featurised): LabelledFeatures[] => {
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.e.urgency, (counts.get(r.e.urgency) ?? 0) + 1);
    return rows.map((r) => ({ features: r.urgencyFeatures, label: r.e.urgency, weight: Math.sqrt(rows.length / (counts.size * counts.get(r.e.urgency)!)) }));
  };

  // Out-of-fold logits: each example scored by a model that never saw it.
  const catLogits: Float64Array[] = [];
  const catTruth: number[] = [];
  const urgLogits: Float64Array[] = [];
  const urgTruth: number[] = [];
  const category = trainSoftmax(categorySet(featurised), options.softmax);
  const urgency = trainSoftmax(urgencySet(featurised), options.softmax);
  for (let f = 0; f < folds && featurised.length >= folds * 2; f++) {
    const train = featurised.filter((_, i) => i % folds !== f);
    const held = featurised.filter((_, i) => i % folds === f);
    const cm = trainSoftmax(categorySet(train), options.softmax);
    const um = trainSoftmax(urgencySet(train), options.softmax);
    for (const r of held) {
      const ci = cm.labels.indexOf(r.e.category);
      const ui = um.labels.indexOf(r.e.urgency);
      if (ci >= 0) {
        catLogits.push(softmaxScores(cm, r.features));
        catTruth.push(ci);
      }
      if (ui >= 0) {
        urgLogits.push(softmaxScores(um, r.urgencyFeatures));
        urgTruth.push(ui);
      }
    }
  }
  const model: Omit<ClassifierModel, 'id'> = {
    format: 1,
    trainedAt: options.now.toISOString(),
    exampleCount: examples.length,
    category,
    categoryTemperature: catLogits.length ? fitTemperature(catLogits, catTruth) : 1,
    urgency,
    urgencyTemperature: urgLogits.length ? fitTemperature(urgLogits, urgTruth) : 1,
  };
  return { ...model, id: fnv1a(JSON.stringify(model)) };
}

/** Classifies complaint text: category with calibrated confidence, alternatives, urgency, evidence. */
export class ComplaintClassifier {
  constructor(
    readonly model: ClassifierModel,
    private readonly segment: Segmenter,
  ) {}

  classify(text: string): Classification {
    const normalized = normalizeText(text);
    const features = textFeatures(normalized, this.segment);
    const { category: cm, urgency: um } = this.model;
    const probs = softmaxPredict(cm, features, this.model.categoryTemperature);
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
    const words = contributions(cm, features, top.code)
      .filter((c) => c.weight > 0)
      .map((c) => featureSurface(c.feature));
    for (const w of words) {
      // A bigram inside a word already listed adds nothing for a reader.
      if (evidence.length >= 6) break;
      if (!evidence.some((e) => e.includes(w))) evidence.push(w);
    }

    const uFeatures = urgencyFeatures(normalized, features);
    const uProbs = softmaxPredict(um, uFeatures, this.model.urgencyTemperature);
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
}

const round = (p: number): number => Math.round(p * 10000) / 10000;
