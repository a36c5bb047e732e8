import type { EmulatorEnv, ServiceDefinition } from '../../core/service';
import type { RestRoute } from '../../protocols/restJson';
import { createEventSourceMapping } from './actions/createEventSourceMapping';
import { deleteEventSourceMapping } from './actions/deleteEventSourceMapping';
import { deleteFunctionConcurrency } from './actions/deleteFunctionConcurrency';
import { getEventSourceMapping } from './actions/getEventSourceMapping';
import { getFunction } from './actions/getFunction';
import { getFunctionConcurrency } from './actions/getFunctionConcurrency';
import { getFunctionConfiguration } from './actions/getFunctionConfiguration';
import { type InvokeInput, invoke } from './actions/invoke';
import { listEventSourceMappings } from './actions/listEventSourceMappings';
import { listFunctions } from './actions/listFunctions';
import { putFunctionConcurrency } from './actions/putFunctionConcurrency';
import { updateEventSourceMapping } from './actions/updateEventSourceMapping';
import { updateFunctionConfiguration } from './actions/updateFunctionConfiguration';
import type { EventSources } from './event-source-mappings';
import { lambdaRoutes } from './routes';
import { LambdaStore } from './store';

export type { EventSources } from './event-source-mappings';
export { EventSourceMappings } from './event-source-mappings';
export type { FunctionExtras } from './functions';
export { LambdaFunctions } from './functions';
export { LambdaStore } from './store';

/** What `createLambdaService` returns. */
export interface LambdaService {
  /** The operations (for the restJson routes). */
  definition: ServiceDefinition;
  /** Register with `emulator.registerRoutes(...routes)` / `dispatcher.registerRoutes(...)`. */
  routes: RestRoute[];
  store: LambdaStore;
  /** Stops pollers, the async queue and every execution environment. */
  close(): Promise<void>;
}

/**
 * The emulated Lambda API (restJson1): Invoke (RequestResponse, Event, DryRun), GetFunction,
 * Get/UpdateFunctionConfiguration, ListFunctions, Put/Get/DeleteFunctionConcurrency and the
 * event source mapping operations, over a LambdaRuntime it creates (functions log through it to
 * `env.logs`, metrics go to `env.metrics`). `store.runtime` is what deployers put functions
 * into; `store.mappings` is the EventSourceMappingRegistry.
 *
 * `sources` are the stores the pollers read (Kinesis, SQS, DynamoDB Streams). They may be given
 * later by assigning to `store.mappings.sources` before a mapping of that kind starts.
 *
 * @example
 * const lambda = createLambdaService(env, {
 *   kinesis: kinesis.store,
 *   sqs: sqs.store,
 *   dynamodbStreams: dynamoDbStreamsReader(dynamodb.streams.store),
 * });
 * emulator.registerRoutes(...lambda.routes);
 * // CloudFormation: { lambda: lambda.store.runtime, eventSourceMappings: lambda.store.mappings }
 */
export function createLambdaService(env: EmulatorEnv, sources: EventSources = {}): LambdaService {
  const store = new LambdaStore(env, sources);
  const definition: ServiceDefinition = {
    signingName: 'lambda',
    actions: {
      Invoke: (input: InvokeInput) => invoke(store, input),
      GetFunction: (input, ctx) => getFunction(store, input, ctx.endpoint),
      GetFunctionConfiguration: (input) => getFunctionConfiguration(store, input),
      UpdateFunctionConfiguration: (input) => updateFunctionConfiguration(store, input),
      ListFunctions: (input) => listFunctions(store, input),
      PutFunctionConcurrency: (input) => putFunctionConcurrency(store, input),
      GetFunctionConcurrency: (input) => getFunctionConcurrency(store, input),
      DeleteFunctionConcurrency: (input) => deleteFunctionConcurrency(store, input),
      CreateEventSourceMapping: (input) => createEventSourceMapping(store, input),
      GetEventSourceMapping: (input) => getEventSourceMapping(store, input),
      ListEventSourceMappings: (input) => listEventSourceMappings(store, input),
      UpdateEventSourceMapping: (input) => updateEventSourceMapping(store, input),
      DeleteEventSourceMapping: (input) => deleteEventSourceMapping(store, input),
    },
  };
  return { definition, routes: lambdaRoutes(definition), store, close: () => store.close() };
}
