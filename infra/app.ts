import { App } from 'aws-cdk-lib';
import { SCENARIO_IDS } from './names';
import { scenarioStacks } from './stacks';
import { variantFromContext } from './variant';

// One App, five stacks. The variant of each comes from context:
//   cdk synth -c variant=fixed                  every scenario fixed
//   cdk deploy -c double-trouble:variant=fixed  one scenario fixed
const app = new App();
for (const id of SCENARIO_IDS) {
  scenarioStacks[id](app, {
    variant: variantFromContext(app.node, id),
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
}
app.synth();
