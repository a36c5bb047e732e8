// Runs before every test file.
// Powertools writes through the global console when POWERTOOLS_DEV is set, so tests can spy on
// it; region and dummy credentials keep SDK clients from looking for a real account.
process.env.POWERTOOLS_DEV = 'true';
// POWERTOOLS_DEV also turns metrics off; the handlers' EMF output is part of what tests assert.
process.env.POWERTOOLS_METRICS_DISABLED = 'false';
process.env.POWERTOOLS_SERVICE_NAME ??= 'test';
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';

// toHaveReceivedCommandWith and friends, for SDK clients mocked with aws-sdk-client-mock.
import 'aws-sdk-client-mock-vitest/extend';
