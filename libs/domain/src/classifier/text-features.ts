/**
 * Turns a complaint into the sparse binary features the classifier reads: the words a Chinese
 * segmenter finds (`w:`) and the character bigrams of every run of Chinese characters (`b:`).
 * Words carry meaning ("噪音", "物业"); bigrams survive segmentation mistakes, typos and words the
 * segmenter's dictionary lacks ("扰民" in "噪音扰民的").
 */

/** Splits text into words; the production one is jieba (@node-rs/jieba), injected so this stays pure. */
export type Segmenter = (text: string) => string[];

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/g;
const HAS_LETTER_OR_CJK = /[a-z\u3400-\u9fff\uf900-\ufaff]/;

/**
 * Function words that say nothing about the subject of a complaint. Kept short on purpose: negations
 * (没有, 不) and quantities stay, because "没有水" and "水很多" differ.
 */
const STOPWORDS = new Set([
  '的', '了', '是', '我', '你', '他', '她', '它', '们', '我们', '在', '和', '与', '及', '就', '也', '都', '很', '还', '吗', '呢',
  '啊', '吧', '呀', '哦', '嘛', '这', '那', '这个', '那个', '一个', '有', '把', '被', '给', '让', '对', '从', '到', '而', '又',
  '请', '麻烦', '您好', '你好', '来电', '反映', '市民', '来电人', '诉求人', '称', '表示', '希望', '要求', '情况', '问题', '现在',
]);

/** NFKC (full-width letters and digits typed with a Chinese IME), lower case, collapsed spaces. */
export function normalizeText(text: string): string {
  return (text ?? '').normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The kind of request, which no single topic word shows: asking (consultation), proposing
 * (suggestion), accusing an official (integrity). Each pattern is a feature the model weighs.
 */
const KIND_PATTERNS: readonly [string, RegExp][] = [
  ['p:question', /[？?]|请问|怎么(办|弄|申请|办理|查)|如何|哪些|哪里|能不能|可不可以|是否|需不需要|有没有.{0,6}(政策|规定|补贴)|吗[。!！]?$/],
  ['p:proposal', /建议|希望(能|可以|增|加|多|在)|提议|倡议|呼吁|可否|能否(增|加|在|把)|要是.{0,12}就好了|盼望/],
  ['p:accuse', /举报|检举|揭发|贪污|收受|索要|索贿|红包|好处费|回扣|吃拿卡要|意思意思|冒领|侵占|挪用|利益输送|优亲厚友/],
  ['p:official', /干部|书记|科长|局长|主任|所长|工作人员|公务员|民警|城管队员|村长|村委|官员|领导/],
  ['p:danger_now', /(马上|立刻|赶紧|赶快|紧急|快).{0,6}(来|处理|救)|随时.{0,4}(倒|塌|掉|炸|着火)|已经.{0,6}(着火|冒烟|进水|淹)/],
];

export function textFeatures(text: string, segment: Segmenter): string[] {
  const normalized = normalizeText(text);
  const out = new Set<string>();
  for (const [feature, pattern] of KIND_PATTERNS) if (pattern.test(normalized)) out.add(feature);
  for (const raw of segment(normalized)) {
    const word = raw.trim();
    if (!word || STOPWORDS.has(word) || !HAS_LETTER_OR_CJK.test(word)) continue;
    // Single Latin letters and long digit-letter codes ("3幢", "b2") are noise.
    if (!CJK.test(word) && word.length < 2) continue;
    out.add(`w:${word}`);
  }
  for (const run of normalized.match(CJK_RUN) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) out.add(`b:${run.slice(i, i + 2)}`);
  }
  return [...out];
}

/** The readable surface of a feature, for the evidence shown to dispatchers. */
export function featureSurface(feature: string): string {
  return feature.slice(2);
}
