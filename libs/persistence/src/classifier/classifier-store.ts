import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSource } from 'typeorm';
import {
  CATEGORY_KEYWORDS,
  CLASSIFIER_MODEL_FORMAT,
  ComplaintClassifier,
  jiebaSegmenter,
  parseCorpus,
  type ClassifierModel,
  type CorpusExample,
  type Urgency,
} from '@hotline/domain';
import { trainOffThread } from './train-thread.js';

/** Model versions kept for rollback: two weeks of nightly retrains (see retrain). */
export const KEEP_VERSIONS = 14;

/** Lock id for "train the first model": API and worker may start together on an empty database. */
const BOOTSTRAP_LOCK = 0x0c1a551f;
/**
 * Lock id for "change which model is active" (fix: two concurrent activations, or an activation and a
 * retrain, each cleared the old flag and then both set theirs: a unique-index violation, HTTP 500).
 */
const ACTIVATION_LOCK = 0x0c1a5520;

/** Finds data/classifier from here, in the source tree (tests) and in dist/ (production) alike. */
export function corpusDir(): string {
  if (process.env.CLASSIFIER_DATA_DIR) return process.env.CLASSIFIER_DATA_DIR;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'data', 'classifier');
    if (existsSync(join(candidate, 'train.jsonl'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('data/classifier/train.jsonl not found; set CLASSIFIER_DATA_DIR');
}

/** The shipped corpus: both parts (the held-out split is for `npm run eval:classify`, not for production). */
export function shippedCorpus(): CorpusExample[] {
  const dir = corpusDir();
  return ['train', 'test'].flatMap((part) => parseCorpus(readFileSync(join(dir, `${part}.jsonl`), 'utf8'), `${part}.jsonl`));
}

/**
 * The curated lexicon (data/classifier/lexicon.json) merged with the routing keyword tables: terms
 * per category, trained as light extra examples so words the corpus lacks still point somewhere.
 */
export function shippedLexicon(): Record<string, string[]> {
  const merged: Record<string, string[]> = Object.fromEntries(Object.entries(CATEGORY_KEYWORDS).map(([k, v]) => [k, [...v]]));
  const file = join(corpusDir(), 'lexicon.json');
  if (existsSync(file)) {
    const extra = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string[]>;
    for (const [k, terms] of Object.entries(extra)) merged[k] = [...new Set([...(merged[k] ?? []), ...terms])];
  }
  return merged;
}

export interface ModelVersion {
  version: number;
  modelId: string;
  createdAt: Date;
  active: boolean;
  trainedOn: { corpus: number; feedback: number };
}

/**
 * Versioned classifier models in Postgres. The first process to start on an empty database trains
 * from the shipped corpus; later retrains add the operators' confirmed cases and become a new
 * version; any version of the current model format can be made active again (rollback). When the
 * active model was stored in an older format (after an upgrade), the first process to load it trains
 * a current one from the same data (corpus + feedback) and activates it as a new version.
 */
export class ClassifierStore {
  constructor(private readonly ds: DataSource) {}

  async activeVersion(): Promise<number | null> {
    const rows: { version: number }[] = await this.ds.query(`SELECT version FROM classifier_models WHERE active`);
    return rows[0]?.version ?? null;
  }

  /**
   * The active model, training and storing the first one if there is none yet, or a replacement if
   * the active one is of an older format.
   */
  async loadActive(now: Date): Promise<{ version: number; classifier: ComplaintClassifier }> {
    const segment = jiebaSegmenter();
    let row = await this.activeRow();
    if (!row || row.model.format !== CLASSIFIER_MODEL_FORMAT) {
      // One process trains; the others wait for it on a session-level advisory lock. Not inside a
      // transaction: training takes tens of seconds, and a transaction left open that long holds its
      // snapshot and dies to any idle-in-transaction timeout.
      const session = this.ds.createQueryRunner();
      await session.connect();
      try {
        await session.query(`SELECT pg_advisory_lock($1)`, [BOOTSTRAP_LOCK]);
        const again: { format: unknown }[] = await session.query(`SELECT model->'format' AS format FROM classifier_models WHERE active`);
        if (!(again.length && again[0].format === CLASSIFIER_MODEL_FORMAT)) {
          // (else another process did it while this one waited)
          // Everything on this one connection: a second loader in the same process holds another while
          // it waits for the lock, and with a small pool a third would never come.
          const { model, trainedOn } = await this.trainCurrent(session, now, again.length > 0);
          await session.startTransaction();
          try {
            await session.query(`SELECT pg_advisory_xact_lock($1)`, [ACTIVATION_LOCK]);
            await session.query(`UPDATE classifier_models SET active = false WHERE active`);
            await session.query(`INSERT INTO classifier_models (model_id, active, trained_on, model) VALUES ($1, true, $2, $3)`, [
              model.id,
              JSON.stringify(trainedOn),
              JSON.stringify(model),
            ]);
            await this.prune(session);
            await session.commitTransaction();
          } catch (error) {
            await session.rollbackTransaction();
            throw error;
          }
        }
      } finally {
        await session.query(`SELECT pg_advisory_unlock($1)`, [BOOTSTRAP_LOCK]).catch(() => undefined);
        await session.release();
      }
      row = await this.activeRow();
    }
    if (!row) throw new Error('no active classifier model');
    return { version: row.version, classifier: new ComplaintClassifier(row.model, segment) };
  }

  /** A model of the current format from the shipped corpus, plus the operators' feedback if asked. */
  private async trainCurrent(
    q: { query: DataSource['query'] },
    now: Date,
    withFeedback = true,
  ): Promise<{ model: ClassifierModel; trainedOn: ModelVersion['trainedOn'] }> {
    const corpus = shippedCorpus();
    const feedback: { text: string; category_code: string; urgency: Urgency }[] = withFeedback
      ? await q.query(`SELECT text, category_code, urgency FROM classification_feedback ORDER BY id`)
      : [];
    const examples = [...corpus, ...feedback.map((f) => ({ text: f.text, category: f.category_code, urgency: f.urgency }))];
    const model = await trainOffThread(examples, shippedLexicon(), now);
    return { model, trainedOn: { corpus: corpus.length, feedback: feedback.length } };
  }

  /** Trains from the shipped corpus plus operator feedback; stores and activates the new version. */
  async retrain(now: Date, actorId: string | null = null): Promise<ModelVersion> {
    const { model, trainedOn } = await this.trainCurrent(this.ds, now);
    const version = await this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock($1)`, [ACTIVATION_LOCK]);
      await m.query(`UPDATE classifier_models SET active = false WHERE active`);
      const rows: { version: number }[] = await m.query(
        `INSERT INTO classifier_models (model_id, active, trained_on, model, created_by) VALUES ($1, true, $2, $3, $4) RETURNING version`,
        [model.id, JSON.stringify(trainedOn), JSON.stringify(model), actorId],
      );
      await this.prune(m);
      return rows[0].version;
    });
    return { version, modelId: model.id, createdAt: now, active: true, trainedOn };
  }

  /**
   * Deletes model versions older than the newest KEEP_VERSIONS of the current format, except the active
   * one (which stays even after a rollback to an old version). Cases keep the version that routed them
   * (routing.classifierModel) as a record; that version may since have been pruned. A stored model is ≈ 16 MB of JSON and the worker retrains
   * every night: without a limit the table would grow by ≈ 6 GB a year. Returns how many went.
   */
  async prune(q: { query: DataSource['query'] } = this.ds): Promise<number> {
    // Only versions this code can load count towards the window: an older format cannot be activated
    // (see activate), so keeping it would only shorten the rollback window after an upgrade.
    const [, deleted]: [unknown, number] = await q.query(
      `DELETE FROM classifier_models WHERE NOT active AND version NOT IN (
         SELECT version FROM classifier_models WHERE model->'format' = to_jsonb($2::int) ORDER BY version DESC LIMIT $1)`,
      [KEEP_VERSIONS, CLASSIFIER_MODEL_FORMAT],
    );
    return deleted;
  }

  /**
   * Makes an earlier (or later) version the active one. False if the version does not exist or was
   * stored in an older model format, which this code can no longer load.
   */
  async activate(version: number): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock($1)`, [ACTIVATION_LOCK]);
      const exists: { format: unknown }[] = await m.query(`SELECT model->'format' AS format FROM classifier_models WHERE version = $1`, [version]);
      if (!exists.length || exists[0].format !== CLASSIFIER_MODEL_FORMAT) return false;
      await m.query(`UPDATE classifier_models SET active = false WHERE active AND version <> $1`, [version]);
      await m.query(`UPDATE classifier_models SET active = true WHERE version = $1`, [version]);
      return true;
    });
  }

  async list(): Promise<ModelVersion[]> {
    const rows: { version: number; model_id: string; created_at: Date; active: boolean; trained_on: ModelVersion['trainedOn'] }[] = await this.ds.query(
      `SELECT version, model_id, created_at, active, trained_on FROM classifier_models ORDER BY version DESC`,
    );
    return rows.map((r) => ({ version: r.version, modelId: r.model_id, createdAt: r.created_at, active: r.active, trainedOn: r.trained_on }));
  }

  private async activeRow(): Promise<{ version: number; model: ClassifierModel } | null> {
    const rows: { version: number; model: ClassifierModel }[] = await this.ds.query(`SELECT version, model FROM classifier_models WHERE active`);
    return rows[0] ?? null;
  }
}
