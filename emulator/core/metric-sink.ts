/** One metric observation, as AWS services and EMF lines produce them. */
export interface MetricDatum {
  namespace: string;
  metricName: string;
  /** Dimension name -> value. Order does not matter; the set identifies the metric. */
  dimensions: Record<string, string>;
  value: number;
  /** A CloudWatch StandardUnit: `Count`, `Milliseconds`, `Bytes`, `None` ... */
  unit: string;
  /** Milliseconds since the epoch, in emulated time. */
  timestamp: number;
  /** 1 for high resolution, 60 (the default) for standard. */
  storageResolution?: 1 | 60;
}

/** Where metrics go: the emulated CloudWatch implements it. */
export interface MetricSink {
  record(datum: MetricDatum): void;
}
