/**
 * Every queue and job name of the system, in one place (house style rule 4). Values are kebab-case
 * and stable: they are stored in the outbox and in Redis, so renaming one is a migration.
 */
export enum QueueName {
  /** Classification, place resolution and dispatch of newly registered cases. */
  Routing = 'routing',
  /** Housekeeping: classifier retraining and other scheduled work. */
  Maintenance = 'maintenance',
  /** Outbound notifications over external channels (SMS gateway webhook, log); the in-app ones are rows. */
  Notifications = 'notifications',
}

export enum JobName {
  /** 分拨 route a registered case: classify, pick the lead department, dispatch with deadlines. */
  RouteCase = 'route-case',
  /** Retrain the complaint classifier from the corpus plus operators' confirmations (new model version). */
  RetrainClassifier = 'retrain-classifier',
  /** 通知 deliver one outbound notification over one channel (see apps/worker/src/notifications). */
  DeliverNotification = 'deliver-notification',
}

/** Which queue each job goes to. */
export const JOB_QUEUE: Readonly<Record<JobName, QueueName>> = {
  [JobName.RouteCase]: QueueName.Routing,
  [JobName.RetrainClassifier]: QueueName.Maintenance,
  [JobName.DeliverNotification]: QueueName.Notifications,
};
