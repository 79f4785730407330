/**
 * Every queue and job name of the system, in one place (house style rule 4). Values are kebab-case
 * and stable: they are stored in the outbox and in Redis, so renaming one is a migration.
 */
export enum QueueName {
  /** Classification, place resolution and dispatch of newly registered cases. */
  Routing = 'routing',
  /** Housekeeping: classifier retraining and other scheduled work. */
  Maintenance = 'maintenance',
  /**
   * 督查督办 timers: delayed jobs that wake the worker when an escalation step of a case is due. A
   * queue of its own so a routing backlog never delays an escalation.
   */
  Timers = 'timers',
  /** Outbound notifications over external channels (SMS gateway webhook, log); the in-app ones are rows. */
  Notifications = 'notifications',
}

export enum JobName {
  /** 分拨 route a registered case: classify, pick the lead department, dispatch with deadlines. */
  RouteCase = 'route-case',
  /** Retrain the complaint classifier from the corpus plus operators' confirmations (new model version). */
  RetrainClassifier = 'retrain-classifier',
  /** Fire the due escalation steps of one case (delayed until the earliest pending step). */
  EscalationTimer = 'escalation-timer',
  /** Scheduled safety net: find due-but-unfired steps in Postgres (after a Redis wipe or an outage). */
  ReconcileTimers = 'reconcile-timers',
  /** 通知 deliver one outbound notification over one channel (see apps/worker/src/notifications). */
  DeliverNotification = 'deliver-notification',
}

/** Which queue each job goes to. */
export const JOB_QUEUE: Readonly<Record<JobName, QueueName>> = {
  [JobName.RouteCase]: QueueName.Routing,
  [JobName.RetrainClassifier]: QueueName.Maintenance,
  [JobName.EscalationTimer]: QueueName.Timers,
  [JobName.ReconcileTimers]: QueueName.Timers,
  [JobName.DeliverNotification]: QueueName.Notifications,
};
