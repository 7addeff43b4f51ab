/** What every metrics sink accepts (go-metrics' MetricSink): keys as parts, labels as pairs. */
export type Labels = Readonly<Record<string, string>>;

export interface MetricSink {
  setGauge(key: readonly string[], value: number, labels: Labels): void;
  incrCounter(key: readonly string[], value: number, labels: Labels): void;
  /** A timing in milliseconds (go-metrics' MeasureSince) or any other sample. */
  addSample(key: readonly string[], value: number, labels: Labels): void;
  close?(): void;
}
