import { CLASSIFIER_MODEL_FORMAT, ComplaintClassifier, trainClassifier, type ClassifierModel, type CorpusExample } from './complaint-classifier.js';
import { dequantise, fitNbLogistic, fitSoftmax, linearScores, quantise, type SparseRow } from './linear-models.js';
import { kindSignals, normalizeText, textFeatureCounts, textFeatures, type Segmenter } from './text-features.js';

/** A stand-in for jieba (keeps the unit tests free of the 250 ms dictionary load): 2-character chunks. */
const segment: Segmenter = (text) => text.match(/[\u4e00-\u9fff]{1,2}|[a-z]+/g) ?? [];

describe('text features', () => {
  it('counts words, characters, character bigrams and kind signals', () => {
    const counts = textFeatureCounts('停水停水', segment);
    expect(counts.get('w:停水')).toBe(2);
    expect(counts.get('c:停')).toBe(2);
    expect(counts.get('b:停水')).toBe(2);
    expect(counts.get('b:水停')).toBe(1);
    // No trigrams since model format 3 (see textFeatureCounts).
    expect([...counts.keys()].filter((f) => f.startsWith('t:'))).toEqual([]);
    expect(textFeatures('停水停水', segment).sort()).toEqual([...counts.keys()].sort());
  });

  it('recognises the kind of request', () => {
    expect(kindSignals(normalizeText('请问居住证怎么办理，要带什么材料？'))).toEqual(expect.arrayContaining(['p:ask', 'p:howto', 'p:pure_question']));
    expect(kindSignals(normalizeText('运河边上加几个救生圈吧'))).toEqual(expect.arrayContaining(['p:propose', 'p:pure_proposal']));
    expect(kindSignals(normalizeText('城管队员收了摊主的钱就不赶了'))).toEqual(expect.arrayContaining(['p:money', 'p:official', 'p:bribe']));
    // A complaint that asks a question is not a pure question.
    expect(kindSignals(normalizeText('停水三天了没人管，到底什么时候来水？'))).not.toContain('p:pure_question');
  });
});

describe('linear models', () => {
  // Two classes told apart by feature 0 vs 1; feature 2 is noise present everywhere.
  const rows: SparseRow[] = [];
  for (let i = 0; i < 20; i++) {
    rows.push({ ids: Int32Array.from([0, 2]), vals: Float64Array.from([0.7, 0.7]), y: 0, weight: 1 });
    rows.push({ ids: Int32Array.from([1, 2]), vals: Float64Array.from([0.7, 0.7]), y: 1, weight: 1 });
  }
  const options = { epochs: 10, learningRate: 0.3, l2: 1e-4, seed: 1, alpha: 0.5 };

  it.each([
    ['softmax', fitSoftmax],
    ['nb-logistic', fitNbLogistic],
  ])('%s separates a simple problem', (_, fit) => {
    const model = fit(rows, 2, 3, options);
    const a = linearScores(model, [0, 2], [0.7, 0.7]);
    const b = linearScores(model, [1, 2], [0.7, 0.7]);
    expect(a[0]).toBeGreaterThan(a[1]);
    expect(b[1]).toBeGreaterThan(b[0]);
  });

  it('quantises weights to 16 bits with a small error', () => {
    const w = Float64Array.from([0, 1.5, -2.25, 1e-3, -0.7]);
    const back = dequantise(JSON.parse(JSON.stringify(quantise(w))));
    w.forEach((v, i) => expect(Math.abs(back[i] - v)).toBeLessThan(1e-4));
  });
});

describe('trainClassifier / ComplaintClassifier', () => {
  const corpus: CorpusExample[] = [];
  const add = (category: string, urgency: CorpusExample['urgency'], texts: string[]) => texts.forEach((text) => corpus.push({ text, category, urgency }));
  add('water', 'urgent', ['小区停水一整天了', '家里没水了，龙头不出水', '早上起来就停水，到现在还没来水', '整栋楼断水两天了', '自来水停了没有通知']);
  add('water', 'normal', ['自来水发黄有异味', '水压太低，楼上用不了水', '水费怎么比上个月高这么多', '自来水有股漂白粉味', '水质浑浊，烧开有沉淀']);
  add('noise', 'normal', ['楼下广场舞太吵了', '半夜装修噪音扰民', '酒吧音响声音太大睡不着', '工地夜间施工噪音很大', '隔壁KTV吵到凌晨']);
  add('noise', 'normal', ['商铺门口喇叭一直放音乐', '空调外机噪音很大', '早上六点就有人电钻', '楼上天天吵闹', '广场舞音响扰民']);
  add('safety', 'immediate', ['楼道里闻到很浓的煤气味，快来人', '插座冒火花还冒烟了', '楼下电动车着火了，有人被困', '墙要倒了，下面还有人', '煤气泄漏了，快来人']);
  add('safety', 'normal', ['消防通道被车堵了', '电动车在楼道里充电', '老房子墙体开裂', '小区灭火器过期了', '高空抛物很危险']);
  add('suggestion', 'normal', ['建议在小区门口增设公交站', '希望公园多装几个路灯', '能不能在河边加个护栏', '建议延长图书馆开放时间', '公园里多放几把椅子吧']);
  add('suggestion', 'normal', ['建议地铁末班车延长一小时', '希望增加社区食堂', '路口加个红绿灯就好了', '建议政务app出长辈版', '能否在学校门口设接送区']);
  const model = trainClassifier(corpus, segment, { now: new Date('2026-11-26T00:00:00Z'), folds: 2, lexicon: false });

  it('stores a versioned, JSON-serialisable model', () => {
    expect(model.format).toBe(CLASSIFIER_MODEL_FORMAT);
    expect(model.id).toMatch(/^[0-9a-f]{8}$/);
    expect(model.category.members.map((m) => m.type)).toEqual(['nb-logistic', 'softmax']);
    expect(model.category.labels).toEqual(['noise', 'safety', 'suggestion', 'water']);
    expect(model.categoryTemperature).toBeGreaterThan(0);
    expect(model.urgencyShift).toHaveLength(model.urgency.labels.length);
  });

  it('is deterministic: the same data gives the same model id', () => {
    expect(trainClassifier(corpus, segment, { now: new Date('2026-11-26T00:00:00Z'), folds: 2, lexicon: false }).id).toBe(model.id);
  });

  it('classifies after a JSON round trip exactly as before', () => {
    const direct = new ComplaintClassifier(model, segment);
    const stored = new ComplaintClassifier(JSON.parse(JSON.stringify(model)) as ClassifierModel, segment);
    for (const text of ['我家停水了', '楼下广场舞吵死了', '建议多设几个公交站']) expect(stored.classify(text)).toEqual(direct.classify(text));
  });

  it('finds the category, alternatives and evidence', () => {
    const classifier = new ComplaintClassifier(model, segment);
    const r = classifier.classify('今天小区又停水了');
    expect(r.category.code).toBe('water');
    expect(r.alternatives).toHaveLength(3);
    expect(r.category.confidence).toBeGreaterThanOrEqual(r.alternatives[0].confidence);
    expect(r.evidence.join(' ')).toContain('停水');
    expect(r.modelId).toBe(model.id);
    expect(classifier.classify('建议在地铁站增设母婴室').category.code).toBe('suggestion');
  });

  it('applies the trap rules and flags danger now as immediate', () => {
    const r = new ComplaintClassifier(model, segment).classify('厨房闻到煤气味，快来人！');
    expect(r.category.code).toBe('safety');
    expect(r.evidence[0]).toContain('规则');
    expect(r.urgency).toBe('immediate');
    expect(r.urgencyEvidence).toContain('煤气味');
  });

  it('refuses a model of an older format (the store retrains instead)', () => {
    expect(() => new ComplaintClassifier({ ...model, format: 1 } as unknown as ClassifierModel, segment)).toThrow(/format 1/);
  });
});
