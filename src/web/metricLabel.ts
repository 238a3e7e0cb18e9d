const labels: Readonly<Record<string, string>> = Object.freeze({
  auc: 'AUC',
  log_loss: 'log loss',
  brier: 'Brier score',
  accuracy: 'accuracy',
  positive_rate: 'positive rate',
  rmse: 'RMSE',
  mae: 'MAE',
  mean_error: 'mean error',
  precision: 'precision',
  recall: 'recall',
  f1: 'F1',
});

/** A performance metric as people name it; one this build does not know, as the API names it. */
export const metricLabel = (metric: string) => labels[metric] ?? metric;
