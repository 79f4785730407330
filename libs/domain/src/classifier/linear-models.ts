/**
 * The linear models of the category ensemble, over a shared vocabulary of integer feature ids:
 *
 * - `nb-logistic`: one-vs-rest logistic regression over naive-Bayes-scaled features (NBSVM, Wang &
 *   Manning 2012): each binary feature is multiplied by its log-count ratio for the class before the
 *   regression, so rare but telling n-grams start with the right sign and weight. Strong on small
 *   text collections. The ratio is folded into the weights once trained, so predicting is one plain
 *   weight-vector addition per feature.
 * - `softmax`: multinomial logistic regression (AdaGrad, L2) over TF-IDF values.
 *
 * Weights are stored quantised to 16 bits per member (base64), which keeps a model of ~85,000
 * features × 22 classes at a few megabytes; the quantisation error is far below the L2 noise.
 */

export interface SparseRow {
  ids: Int32Array;
  vals: Float64Array;
  /** Class index. */
  y: number;
  weight: number;
}

export interface LinearFitOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** nb-logistic only: Laplace smoothing of the log-count ratios. */
  alpha?: number;
}

export interface DenseLinear {
  /** weights[id * K + k] */
  weights: Float64Array;
  bias: Float64Array;
}

/** mulberry32: a tiny deterministic PRNG (training must be reproducible). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
}

export function softmaxInPlace(scores: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    scores[k] = Math.exp((scores[k] - max) / temperature);
    sum += scores[k];
  }
  for (let k = 0; k < scores.length; k++) scores[k] /= sum;
  return scores;
}

/** Multinomial logistic regression, AdaGrad with L2, over real-valued sparse rows. */
export function fitSoftmax(rows: readonly SparseRow[], K: number, D: number, o: LinearFitOptions): DenseLinear {
  const W = new Float64Array(D * K);
  const G = new Float64Array(D * K).fill(1e-8);
  const bias = new Float64Array(K);
  const biasG = new Float64Array(K).fill(1e-8);
  const s = new Float64Array(K);
  const order = rows.map((_, i) => i);
  const random = prng(o.seed);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(order, random);
    for (const idx of order) {
      const { ids, vals, y, weight } = rows[idx];
      if (ids.length === 0) continue;
      s.set(bias);
      for (let j = 0; j < ids.length; j++) {
        const base = ids[j] * K;
        for (let k = 0; k < K; k++) s[k] += W[base + k] * vals[j];
      }
      softmaxInPlace(s);
      for (let k = 0; k < K; k++) {
        const g = (s[k] - (k === y ? 1 : 0)) * weight;
        biasG[k] += g * g;
        bias[k] -= (o.learningRate * g) / Math.sqrt(biasG[k]);
      }
      for (let j = 0; j < ids.length; j++) {
        const base = ids[j] * K;
        const x = vals[j];
        for (let k = 0; k < K; k++) {
          const g = (s[k] - (k === y ? 1 : 0)) * x * weight + o.l2 * W[base + k];
          G[base + k] += g * g;
          W[base + k] -= (o.learningRate * g) / Math.sqrt(G[base + k]);
        }
      }
    }
  }
  return { weights: W, bias };
}

/**
 * NBSVM-style one-vs-rest logistic regression. r[d][k] = log((p_dk + α)/|p_k|) − log((q_dk + α)/|q_k|)
 * with p the (weighted) count of rows of class k having feature d and q the same for the other classes.
 */
export function fitNbLogistic(rows: readonly SparseRow[], K: number, D: number, o: LinearFitOptions): DenseLinear {
  const alpha = o.alpha ?? 0.5;
  const p = new Float64Array(D * K);
  const all = new Float64Array(D);
  for (const { ids, y, weight } of rows) {
    for (let j = 0; j < ids.length; j++) {
      p[ids[j] * K + y] += weight;
      all[ids[j]] += weight;
    }
  }
  const classTotal = new Float64Array(K);
  let total = 0;
  for (let d = 0; d < D; d++) {
    total += all[d];
    for (let k = 0; k < K; k++) classTotal[k] += p[d * K + k];
  }
  const R = new Float64Array(D * K);
  for (let k = 0; k < K; k++) {
    const pk = classTotal[k] + alpha * D;
    const qk = total - classTotal[k] + alpha * D;
    for (let d = 0; d < D; d++) R[d * K + k] = Math.log((p[d * K + k] + alpha) / pk) - Math.log((all[d] - p[d * K + k] + alpha) / qk);
  }
  const W = new Float64Array(D * K);
  const G = new Float64Array(D * K).fill(1e-8);
  const bias = new Float64Array(K);
  const biasG = new Float64Array(K).fill(1e-8);
  const order = rows.map((_, i) => i);
  const random = prng(o.seed);
  const s = new Float64Array(K);
  const g0 = new Float64Array(K);
  // The K binary problems are independent; they share one pass over each row's features.
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(order, random);
    for (const idx of order) {
      const { ids, vals, y, weight } = rows[idx];
      s.set(bias);
      for (let j = 0; j < ids.length; j++) {
        const base = ids[j] * K;
        const x = vals[j];
        for (let k = 0; k < K; k++) s[k] += W[base + k] * x * R[base + k];
      }
      for (let k = 0; k < K; k++) {
        const g = (1 / (1 + Math.exp(-s[k])) - (k === y ? 1 : 0)) * weight;
        g0[k] = g;
        biasG[k] += g * g;
        bias[k] -= (o.learningRate * g) / Math.sqrt(biasG[k]);
      }
      for (let j = 0; j < ids.length; j++) {
        const base = ids[j] * K;
        const x = vals[j];
        for (let k = 0; k < K; k++) {
          const q = base + k;
          const g = g0[k] * x * R[q] + o.l2 * W[q];
          G[q] += g * g;
          W[q] -= (o.learningRate * g) / Math.sqrt(G[q]);
        }
      }
    }
  }
  for (let q = 0; q < W.length; q++) W[q] *= R[q];
  return { weights: W, bias };
}

/** Scores (logits) of one row: bias + Σ value × weight. */
export function linearScores(model: { weights: ArrayLike<number>; bias: ArrayLike<number> }, ids: ArrayLike<number>, vals: ArrayLike<number>): Float64Array {
  const K = model.bias.length;
  const out = Float64Array.from(model.bias);
  for (let j = 0; j < ids.length; j++) {
    const base = ids[j] * K;
    for (let k = 0; k < K; k++) out[k] += model.weights[base + k] * vals[j];
  }
  return out;
}

/** 16-bit quantisation of a weight matrix, as JSON-friendly base64 plus the scale. */
export interface QuantisedWeights {
  scale: number;
  int16: string;
}

export function quantise(weights: Float64Array): QuantisedWeights {
  let max = 0;
  for (const w of weights) if (Math.abs(w) > max) max = Math.abs(w);
  const scale = max > 0 ? max / 32767 : 1;
  const q = new Int16Array(weights.length);
  for (let i = 0; i < weights.length; i++) q[i] = Math.round(weights[i] / scale);
  return { scale, int16: Buffer.from(q.buffer, q.byteOffset, q.byteLength).toString('base64') };
}

export function dequantise(w: QuantisedWeights): Float32Array {
  // Copied into a fresh buffer: a decoded Buffer may sit at an odd offset of Node's pool.
  const q = new Int16Array(Uint8Array.from(Buffer.from(w.int16, 'base64')).buffer);
  const out = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) out[i] = q[i] * w.scale;
  return out;
}
