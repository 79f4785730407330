import { fitSoftmax, softmaxInPlace, type SparseRow } from './linear-models.js';
/**
 * Multinomial logistic regression (softmax) over sparse binary features, trained with AdaGrad SGD and
 * L2 regularisation. Chosen over naive Bayes because its probabilities are far better calibrated (the
 * confidence decides whether a case goes to a dispatcher), and it still predicts in microseconds: a
 * prediction is one weight-vector addition per feature present.
 */

export interface LabelledFeatures {
  features: readonly string[];
  label: string;
  /** Importance of the example (lexicon entries count less than real complaints). Default 1. */
  weight?: number;
}

/** JSON-serialisable model; `weights[feature][k]` is the weight of the feature for labels[k]. */
export interface SoftmaxModel {
  labels: string[];
  bias: number[];
  weights: Record<string, number[]>;
  /** The signal-feature scale the model was trained with (1 when absent). */
  signalScale?: number;
}

export interface SoftmaxTrainingOptions {
  epochs: number;
  learningRate: number;
  /** L2 penalty per example step. */
  l2: number;
  /** PRNG seed for the shuffling: the same data and seed give the same model. */
  seed: number;
  /**
   * Input value of hand-made signal features (prefixes p:, r:, u:) relative to a word or bigram. One
   * such signal ("this is a question") stands among ~100 word features; without a boost its weight
   * is spread too thin to move the decision.
   */
  signalScale: number;
}

const isSignal = (f: string): boolean => f.charCodeAt(1) === 58 /* ':' */ && (f[0] === 'p' || f[0] === 'r' || f[0] === 'u');

/** Chosen by 5-fold cross-validation on the training part only (never on the held-out test part). */
export const DEFAULT_SOFTMAX_OPTIONS: SoftmaxTrainingOptions = { epochs: 30, learningRate: 0.3, l2: 1e-3, seed: 20261125, signalScale: 1 };


export function trainSoftmax(examples: readonly LabelledFeatures[], options: Partial<SoftmaxTrainingOptions> = {}): SoftmaxModel {
  const opts = { ...DEFAULT_SOFTMAX_OPTIONS, ...options };
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  const K = labels.length;
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  // Features become dense integer ids once; the fit itself is linear-models.ts's fitSoftmax. Values
  // are 1/√(features of the text), times signalScale for a signal, as softmaxScores reads them.
  const featureIds = new Map<string, number>();
  const rows: SparseRow[] = examples.map((e) => {
    const distinct = [...new Set(e.features)];
    const norm = 1 / Math.sqrt(distinct.length || 1);
    return {
      ids: Int32Array.from(distinct, (f) => {
        let id = featureIds.get(f);
        if (id === undefined) {
          id = featureIds.size;
          featureIds.set(f, id);
        }
        return id;
      }),
      vals: Float64Array.from(distinct, (f) => norm * (isSignal(f) ? opts.signalScale : 1)),
      y: labelIndex.get(e.label)!,
      weight: e.weight ?? 1,
    };
  });
  const { weights: W, bias } = fitSoftmax(rows, K, featureIds.size, opts);
  const weights: Record<string, number[]> = {};
  for (const [f, id] of featureIds) weights[f] = Array.from(W.subarray(id * K, id * K + K), (v) => Math.round(v * 1e5) / 1e5);
  return { labels, bias: Array.from(bias, (v) => Math.round(v * 1e5) / 1e5), weights, signalScale: opts.signalScale };
}

/** Raw scores (logits) for each label. Unknown features are ignored. */
export function softmaxScores(model: SoftmaxModel, features: readonly string[]): Float64Array {
  const scores = Float64Array.from(model.bias);
  const known = features.filter((f) => model.weights[f] !== undefined);
  if (known.length === 0) return scores;
  // Normalise by all features present, as in training, so a text full of unknown words is less sure.
  const norm = 1 / Math.sqrt(new Set(features).size);
  const signal = model.signalScale ?? 1;
  for (const f of new Set(known)) {
    const w = model.weights[f];
    const x = norm * (isSignal(f) ? signal : 1);
    for (let k = 0; k < scores.length; k++) scores[k] += w[k] * x;
  }
  return scores;
}

/** Probabilities per label; `temperature` > 1 softens over-confident scores (calibration). */
export function softmaxPredict(model: SoftmaxModel, features: readonly string[], temperature = 1): number[] {
  return Array.from(softmaxInPlace(softmaxScores(model, features), temperature));
}

/** Each present feature's contribution to one label's score: the evidence for a decision. */
export function contributions(model: SoftmaxModel, features: readonly string[], label: string): { feature: string; weight: number }[] {
  const k = model.labels.indexOf(label);
  if (k < 0) return [];
  return features
    .filter((f) => model.weights[f] !== undefined)
    .map((feature) => ({ feature, weight: model.weights[feature][k] }))
    .sort((a, b) => b.weight - a.weight);
}

/**
 * The temperature minimising the negative log-likelihood of held-out predictions (temperature scaling,
 * Guo et al. 2017). `logits` come from models that did not see the examples (cross-validation).
 */
export function fitTemperature(logits: readonly Float64Array[], truth: readonly number[]): number {
  let best = 1;
  let bestNll = Infinity;
  for (let t = 0.3; t <= 5.0001; t += 0.05) {
    let nll = 0;
    for (let i = 0; i < logits.length; i++) {
      const p = softmaxInPlace(Float64Array.from(logits[i]), t);
      nll -= Math.log(Math.max(p[truth[i]], 1e-12));
    }
    if (nll < bestNll) {
      bestNll = nll;
      best = Math.round(t * 100) / 100;
    }
  }
  return best;
}
