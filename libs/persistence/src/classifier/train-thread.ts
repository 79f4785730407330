import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { jiebaSegmenter, trainClassifier, type ClassifierModel, type CorpusExample } from '@hotline/domain';

/** Ample for the shipped corpus (≈ 22 s) plus years of operator feedback on a loaded machine. */
export const TRAIN_TIMEOUT_MS = 30 * 60_000;

interface TrainJob {
  kind: 'train-classifier';
  examples: CorpusExample[];
  lexicon: Record<string, string[]>;
  now: string;
}

/**
 * Trains the classifier on a worker thread. Training is tens of seconds of CPU (≈ 22–25 s for the 7,300
 * shipped texts with the calibration folds); on the main thread of the worker process it would stop
 * every queue for that long — escalation timers fired late, BullMQ lock renewals missed so that other
 * jobs are taken for stalled and run again. On a thread the event loop stays free.
 *
 * This same module is the thread's entry point (below), so the build always emits it next to its
 * caller. Run from TypeScript source (Jest), where a thread cannot load the file, it trains inline.
 */
export async function trainOffThread(examples: CorpusExample[], lexicon: Record<string, string[]>, now: Date): Promise<ClassifierModel> {
  const self = import.meta.url;
  if (!self.endsWith('.js')) return trainClassifier(examples, jiebaSegmenter(), { now, lexicon });
  const job: TrainJob = { kind: 'train-classifier', examples, lexicon, now: now.toISOString() };
  return new Promise<ClassifierModel>((resolve, reject) => {
    const thread = new Worker(new URL(self), { workerData: job });
    let settled = false;
    const settle = (error: Error | null, model?: ClassifierModel) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(model!);
    };
    // A training that hangs would keep the (one-at-a-time) maintenance job active for ever, now that
    // the event loop is free to renew its lock: give up after TRAIN_TIMEOUT_MS and stop the thread.
    const timer = setTimeout(() => {
      settle(new Error(`classifier training took longer than ${TRAIN_TIMEOUT_MS} ms; stopped`));
      void thread.terminate();
    }, TRAIN_TIMEOUT_MS);
    thread.once('message', (model: ClassifierModel) => settle(null, model));
    thread.once('error', (error) => settle(error));
    thread.once('exit', (code) => settle(new Error(`classifier training thread exited (code ${code}) without a model`)));
  });
}

if (!isMainThread && (workerData as TrainJob | undefined)?.kind === 'train-classifier') {
  const job = workerData as TrainJob;
  parentPort!.postMessage(trainClassifier(job.examples, jiebaSegmenter(), { now: new Date(job.now), lexicon: job.lexicon }));
}
