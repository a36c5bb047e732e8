import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { MetricName, OutputKey, ScenarioId } from '../../infra/names';
import { awsMetric, labMetric, type ScenarioCheck, seriesOf } from './check';
import { fmt, lastActiveMinute, total } from './series-math';
import { ConditionStatus } from './verdict';

/**
 * An order takes the processor up to a minute (40 s of work plus a buffer); one sent longer
 * ago than this and still not completed is not in flight any more.
 */
const COMPLETION_MINUTES = 3;
/** AWS's recommendation for an SQS event source: visibility timeout ≥ 6 × function timeout. */
const VISIBILITY_FACTOR = 6;

/** double-trouble: every order completes exactly once, with no timeouts. */
export const doubleTroubleCheck: ScenarioCheck = {
  id: ScenarioId.DoubleTrouble,
  description:
    'Orders were sent, every order completed exactly once (no duplicate charges or attempts), and the processor had no errors or timeouts.',
  trafficHint: 'invoke the order sender',
  async metrics(outputs) {
    const id = ScenarioId.DoubleTrouble;
    return [
      labMetric('sent', id, MetricName.OrdersSent, 'orders sent'),
      labMetric('attempts', id, MetricName.OrderAttempts, 'processing attempts'),
      labMetric('charged', id, MetricName.OrdersCharged, 'charges'),
      labMetric('duplicates', id, MetricName.DuplicateCharges, 'duplicate charges'),
      labMetric('completed', id, MetricName.OrdersCompleted, 'orders completed'),
      awsMetric(
        'errors',
        'AWS/Lambda',
        'Errors',
        { FunctionName: outputs.get(OutputKey.ProcessorFunctionName) },
        'Sum',
        'processor Errors'
      ),
    ];
  },
  judge(series) {
    const sentSeries = seriesOf(series, 'sent');
    const sent = total(sentSeries);
    const attempts = total(seriesOf(series, 'attempts'));
    const duplicates = total(seriesOf(series, 'duplicates'));
    const completed = total(seriesOf(series, 'completed'));
    const errors = total(seriesOf(series, 'errors'));
    const minutesSinceLastSend = sentSeries.values.length - 1 - lastActiveMinute(sentSeries);

    const liveness = {
      name: 'orders were sent',
      status: sent > 0 ? ConditionStatus.Held : ConditionStatus.Unknown,
      detail: `${fmt(sent)} orders sent in the window.`,
    };
    const noErrors = {
      name: 'the processor had no errors or timeouts',
      status: errors > 0 ? ConditionStatus.Failed : ConditionStatus.Held,
      detail:
        errors > 0
          ? `the processor failed ${fmt(errors)} time(s) (search its log for "Task timed out").`
          : 'processor Errors = 0.',
    };
    const noDuplicates = {
      name: 'no order was charged twice',
      status: duplicates > 0 ? ConditionStatus.Failed : ConditionStatus.Held,
      detail: `${fmt(duplicates)} duplicate charge(s).`,
    };
    const onceEach = {
      name: 'each order was attempted once',
      status: attempts > sent ? ConditionStatus.Failed : ConditionStatus.Held,
      detail: `${fmt(attempts)} processing attempts for ${fmt(sent)} orders${attempts > sent ? ': SQS redelivered them' : ''}.`,
    };
    const allCompleted = {
      name: 'every order completed',
      status:
        completed >= sent
          ? ConditionStatus.Held
          : minutesSinceLastSend < COMPLETION_MINUTES
            ? ConditionStatus.Unknown
            : ConditionStatus.Failed,
      detail: `${fmt(completed)} of ${fmt(sent)} orders completed${completed < sent && minutesSinceLastSend < COMPLETION_MINUTES ? ' so far; the rest may still be processing' : ''}.`,
    };
    return { liveness, health: [noErrors, noDuplicates, onceEach, allCompleted] };
  },
  async advise(outputs, clients) {
    const fn = await clients.lambda.send(
      new GetFunctionConfigurationCommand({
        FunctionName: outputs.get(OutputKey.ProcessorFunctionName),
      })
    );
    const queue = await clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: outputs.get(OutputKey.QueueUrl),
        AttributeNames: ['VisibilityTimeout'],
      })
    );
    const timeout = fn.Timeout ?? 3;
    const visibility = Number(queue.Attributes?.VisibilityTimeout ?? 30);
    if (visibility >= VISIBILITY_FACTOR * timeout) return [];
    return [
      `The queue's visibility timeout (${visibility} s) is less than ${VISIBILITY_FACTOR} × the function timeout (${timeout} s). AWS recommends at least ${VISIBILITY_FACTOR * timeout} s so retries and batching windows cannot overlap a running invocation.`,
    ];
  },
};
