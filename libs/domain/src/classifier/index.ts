export * from './text-features.js';
export * from './softmax-regression.js';
export { prng } from './linear-models.js';
export * from './complaint-classifier.js';
export * from './jieba-segmenter.js';
export * from './corpus.js';
