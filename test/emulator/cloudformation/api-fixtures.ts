// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub strings use ${...}
import type { Template } from '../../../emulator/cloudformation/template';
import { template } from './helpers';

/** A small stack for the API tests: a queue with a DLQ, a stream, parameters and outputs. */
export const apiTemplate = (visibility = 30): Template =>
  template(
    {
      Dlq: { Type: 'AWS::SQS::Queue' },
      Queue: {
        Type: 'AWS::SQS::Queue',
        Properties: {
          VisibilityTimeout: visibility,
          RedrivePolicy: {
            deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] },
            maxReceiveCount: 3,
          },
        },
        Metadata: { 'aws:cdk:path': 'api/Queue/Resource' },
      },
      Stream: { Type: 'AWS::Kinesis::Stream', Properties: { ShardCount: { Ref: 'Shards' } } },
      Role: { Type: 'AWS::IAM::Role', Properties: {} },
    },
    {
      Description: 'API test stack',
      Parameters: {
        Shards: { Type: 'Number', Default: 2 },
        BootstrapVersion: {
          Type: 'AWS::SSM::Parameter::Value<String>',
          Default: '/cdk-bootstrap/hnb659fds/version',
        },
      },
      Outputs: {
        QueueUrl: { Value: { Ref: 'Queue' }, Description: 'the queue URL' },
        StreamName: {
          Value: { Ref: 'Stream' },
          Export: { Name: { 'Fn::Sub': '${AWS::StackName}-stream' } },
        },
      },
    }
  );
