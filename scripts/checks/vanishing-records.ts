import { MetricName, ScenarioId } from '../../infra/names';
import { labMetric, type ScenarioCheck, seriesOf } from './check';
import { firstActiveMinute, fmt, lastActiveMinute, total } from './series-math';
import { ConditionStatus, type Series } from './verdict';

/** The producer must have been quiet this long before conservation is judged. */
const DRAIN_MINUTES = 2;
/** Kinesis delivers at least once: allow a sliver of records counted twice, never fewer. */
const DUPLICATE_TOLERANCE = 0.01;

function quietFor(series: Series, minutes: number): boolean {
  const last = lastActiveMinute(series);
  return last === -1 || series.values.length - 1 - last >= minutes;
}

/** vanishing-records: every record produced is processed, recovered or parked. */
export const vanishingRecordsCheck: ScenarioCheck = {
  id: ScenarioId.VanishingRecords,
  description:
    'Records (some poison) were produced and, once drained, every record is accounted for (produced = processed + recovered + parked) and every poison record was parked.',
  trafficHint: 'start the producer (one record in 20 is poison)',
  async metrics() {
    const id = ScenarioId.VanishingRecords;
    return [
      labMetric('produced', id, MetricName.RecordsProduced, 'records produced'),
      labMetric('poison', id, MetricName.PoisonRecordsProduced, 'poison records produced'),
      labMetric('processed', id, MetricName.RecordsProcessed, 'records processed'),
      labMetric('failedBatches', id, MetricName.FailedBatchesReceived, 'failed batches received'),
      labMetric('retried', id, MetricName.RecordsRetried, 'records retried'),
      labMetric('recovered', id, MetricName.RecordsRecovered, 'records recovered'),
      labMetric('parked', id, MetricName.RecordsParked, 'records parked'),
    ];
  },
  judge(series, _outputs, window) {
    const producedSeries = seriesOf(series, 'produced');
    const produced = total(producedSeries);
    const poison = total(seriesOf(series, 'poison'));
    const processed = total(seriesOf(series, 'processed'));
    const recovered = total(seriesOf(series, 'recovered'));
    const parked = total(seriesOf(series, 'parked'));
    const retried = total(seriesOf(series, 'retried'));
    const failedBatches = total(seriesOf(series, 'failedBatches'));
    const accounted = processed + recovered + parked;

    const liveness = {
      name: 'records were produced, some of them poison',
      status: produced > 0 && poison > 0 ? ConditionStatus.Held : ConditionStatus.Unknown,
      detail:
        produced > 0 && poison === 0
          ? `${fmt(produced)} records produced but none poison: nothing failed, so the redrive was not exercised.`
          : `${fmt(produced)} records produced, ${fmt(poison)} of them poison.`,
    };
    const drained =
      quietFor(producedSeries, DRAIN_MINUTES) &&
      ['processed', 'recovered', 'parked', 'failedBatches'].every((id) =>
        quietFor(seriesOf(series, id), 1)
      );
    // The whole traffic run must be inside the window: it began after the window's first minute,
    // or the window starts at the deployment, before which there was nothing.
    const startedInWindow = window.bounded || firstActiveMinute(producedSeries) > 0;
    let conservation: { name: string; status: ConditionStatus; detail: string };
    const name = 'produced = processed + recovered + parked';
    if (!startedInWindow && produced > 0) {
      conservation = {
        name,
        status: ConditionStatus.Unknown,
        detail: 'the traffic started before the window: run the check with more --minutes.',
      };
    } else if (!drained) {
      conservation = {
        name,
        status: ConditionStatus.Unknown,
        detail: `records are still flowing; conservation is judged once the pipeline has been quiet for ${DRAIN_MINUTES} minutes.`,
      };
    } else if (accounted < produced) {
      conservation = {
        name,
        status: ConditionStatus.Failed,
        detail: `${fmt(produced)} records produced, but ${fmt(processed)} processed + ${fmt(recovered)} recovered + ${fmt(parked)} parked = ${fmt(accounted)}: ${fmt(produced - accounted)} records vanished. The redrive retried ${fmt(retried)} record(s) for ${fmt(failedBatches)} failed batch(es).`,
      };
    } else if (accounted > produced * (1 + DUPLICATE_TOLERANCE)) {
      conservation = {
        name,
        status: ConditionStatus.Failed,
        detail: `${fmt(accounted)} records accounted for but only ${fmt(produced)} produced: records are counted more than once.`,
      };
    } else {
      conservation = {
        name,
        status: ConditionStatus.Held,
        detail: `${fmt(produced)} produced = ${fmt(processed)} processed + ${fmt(recovered)} recovered + ${fmt(parked)} parked.`,
      };
    }
    // Every poison record must end up parked: the only place a record that can never succeed
    // may rest. A redrive that "recovers" failed batches without reading them back (counting
    // batchSize, or one per message) can balance the totals but parks nothing.
    const parkedAll = {
      name: 'every poison record was parked',
      status: !drained
        ? ConditionStatus.Unknown
        : parked === poison
          ? ConditionStatus.Held
          : ConditionStatus.Failed,
      detail: `${fmt(poison)} poison records produced, ${fmt(parked)} parked.`,
    };
    return { liveness, health: [conservation, parkedAll] };
  },
};
