/**
 * GetMetricData against the running emulator, in process: the same action the API serves
 * (validation, periods, metric math), called without an HTTP round trip.
 */
import { randomUUID } from 'node:crypto';
import type { Emulator } from '../emulator/emulator';
import type { MetricDataQuery } from './metric-array';

/** One result series, oldest first. */
export interface ResultSeries {
  id: string;
  label: string;
  /** Period starts, epoch milliseconds. */
  timestamps: number[];
  values: number[];
}

interface GetMetricDataOutput {
  MetricDataResults: { Id: string; Label: string; Timestamps: number[]; Values: number[] }[];
  NextToken?: string;
}

/** The part of an emulator GetMetricData needs. */
export type MetricSource = Pick<
  Emulator,
  'services' | 'clock' | 'region' | 'accountId' | 'endpoint'
>;

/**
 * Runs GetMetricData over [startMs, endMs), paging through NextToken, and returns the results
 * in query order (an array-valued expression may return several under one id).
 */
export async function getMetricData(
  emulator: MetricSource,
  queries: MetricDataQuery[],
  startMs: number,
  endMs: number
): Promise<ResultSeries[]> {
  if (queries.length === 0) return [];
  const action = emulator.services.cloudwatch.definition.actions.GetMetricData;
  if (!action) throw new Error('the emulator has no CloudWatch GetMetricData action');
  const ctx = {
    region: emulator.region,
    accountId: emulator.accountId,
    endpoint: emulator.endpoint,
    clock: emulator.clock,
    requestId: randomUUID(),
  };
  const out: ResultSeries[] = [];
  let nextToken: string | undefined;
  do {
    const page = (await action(
      {
        MetricDataQueries: queries,
        StartTime: startMs / 1000,
        EndTime: endMs / 1000,
        ScanBy: 'TimestampAscending',
        ...(nextToken ? { NextToken: nextToken } : {}),
      },
      ctx
    )) as GetMetricDataOutput;
    page.MetricDataResults.forEach((result, i) => {
      let series = out[i];
      if (!series) {
        series = { id: result.Id, label: result.Label, timestamps: [], values: [] };
        out[i] = series;
      }
      series.timestamps.push(...result.Timestamps.map((t) => Math.round(t * 1000)));
      series.values.push(...result.Values);
    });
    nextToken = page.NextToken;
  } while (nextToken);
  return out;
}
