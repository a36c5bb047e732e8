import type { EmulatorEnv, ServiceDefinition } from '../../core/service';
import type { RestRoute } from '../../protocols/restJson';
import { restDecoder } from '../lambda/routes';
import { createPipe } from './actions/createPipe';
import { deletePipe } from './actions/deletePipe';
import { describePipe } from './actions/describePipe';
import { listPipes } from './actions/listPipes';
import { startPipe } from './actions/startPipe';
import { stopPipe } from './actions/stopPipe';
import { updatePipe } from './actions/updatePipe';
import type { PipeSources } from './pipe-runtime';
import { PipeStore } from './store';

export { InputTemplateError, renderInputTemplate } from './input-template';
export type { PipeSources } from './pipe-runtime';
export { PipeStore } from './store';

/** What `createPipesService` returns. */
export interface PipesService {
  definition: ServiceDefinition;
  /** Register with `emulator.registerRoutes(...routes)`. */
  routes: RestRoute[];
  /** The PipeRegistry (CloudFormation) and the runtime of every pipe. */
  store: PipeStore;
  close(): Promise<void>;
}

/**
 * The emulated EventBridge Pipes API (restJson1, `/v1/pipes`): Create, Describe, List, Update,
 * Start, Stop and DeletePipe, and the pipes themselves: Kinesis / DynamoDB stream / SQS sources,
 * an SQS target with InputTemplate, retries, DLQ, AWS/EventBridge/Pipes metrics and logs to
 * CloudWatch Logs when the pipe has a LogConfiguration.
 *
 * @example
 * const pipes = createPipesService(env, { sqs: sqs.store, kinesis: kinesis.store,
 *   dynamodbStreams: dynamoDbStreamsReader(dynamodb.streams.store) });
 * emulator.registerRoutes(...pipes.routes);
 * // CloudFormation: { pipes: pipes.store }
 */
export function createPipesService(env: EmulatorEnv, sources: PipeSources = {}): PipesService {
  const store = new PipeStore(env, sources);
  const definition: ServiceDefinition = {
    signingName: 'pipes',
    actions: {
      CreatePipe: (input) => createPipe(store, input),
      DescribePipe: (input) => describePipe(store, input),
      ListPipes: (input) => listPipes(store, input),
      UpdatePipe: (input) => updatePipe(store, input),
      StartPipe: (input) => startPipe(store, input),
      StopPipe: (input) => stopPipe(store, input),
      DeletePipe: (input) => deletePipe(store, input),
    },
  };
  const route = (
    method: string,
    path: string,
    operation: string,
    numbers: string[] = []
  ): RestRoute => ({
    method,
    path,
    definition,
    operation,
    decode: restDecoder(numbers),
  });
  const routes = [
    route('POST', '/v1/pipes/{Name}/start', 'StartPipe'),
    route('POST', '/v1/pipes/{Name}/stop', 'StopPipe'),
    route('POST', '/v1/pipes/{Name}', 'CreatePipe'),
    route('GET', '/v1/pipes/{Name}', 'DescribePipe'),
    route('PUT', '/v1/pipes/{Name}', 'UpdatePipe'),
    route('DELETE', '/v1/pipes/{Name}', 'DeletePipe'),
    route('GET', '/v1/pipes', 'ListPipes', ['Limit']),
  ];
  return { definition, routes, store, close: () => store.close() };
}
