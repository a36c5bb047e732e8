import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE } from '../../infra/names';

/**
 * The one Logger every handler imports. The service name (the scenario id) comes from
 * POWERTOOLS_SERVICE_NAME, which the LabFunction construct sets, so all functions of a
 * scenario log and publish under the same service.
 */
export const logger = new Logger();

/**
 * The one Metrics instance every handler imports. Metrics are written as EMF lines to stdout;
 * CloudWatch (real or emulated) extracts them into the lab's namespace with the `service`
 * dimension set to the scenario id.
 */
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE });
