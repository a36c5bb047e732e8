/** The lines that tell a learner how to point the AWS CLI and SDKs at the emulator. */
export function endpointHelp(endpoint: string, region: string): string[] {
  return [
    'Point the AWS CLI and SDKs at it (in another terminal):',
    `  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=${region}`,
    `  export AWS_ENDPOINT_URL=${endpoint}`,
    `  EP="--endpoint-url ${endpoint}"     # the scenario guides write: aws $EP ...`,
    `  aws --endpoint-url ${endpoint} cloudformation describe-stacks --query "Stacks[].StackName"`,
    '(The AWS CLI v2 from Debian ignores AWS_ENDPOINT_URL: pass --endpoint-url, as $EP does.)',
  ];
}
