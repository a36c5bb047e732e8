import { NAME_LIMITS } from '../physical-names';
import { alreadyExists, type Properties, type ResourceProvider } from '../provider';

const TYPE = 'AWS::CloudWatch::Dashboard';

/**
 * AWS::CloudWatch::Dashboard
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-dashboard.html),
 * kept in the DashboardRegistry (see ../dashboards.ts). Ref is the dashboard name; no GetAtt.
 * DashboardBody updates in place; DashboardName replaces.
 */
export const dashboardProvider: ResourceProvider = {
  type: TYPE,
  attributes: [],
  replaceOn: ['DashboardName'],
  properties: ['DashboardBody', 'DashboardName', 'Tags'],
  required: ['DashboardBody'],
  nameProperty: 'DashboardName',

  create(ctx, props) {
    const dashboards = ctx.service('dashboards');
    const name =
      props.DashboardName !== undefined
        ? String(props.DashboardName)
        : ctx.generateName(NAME_LIMITS.dashboard);
    if (dashboards.get(name)) throw alreadyExists(TYPE, name);
    dashboards.put(name, body(props));
    return { physicalId: name, attributes: {} };
  },

  update(ctx, current, props) {
    ctx.service('dashboards').put(current.physicalId, body(props));
    return { physicalId: current.physicalId, attributes: {} };
  },

  delete(ctx, current) {
    ctx.service('dashboards').delete(current.physicalId);
  },
};

function body(props: Properties): string {
  const value = props.DashboardBody;
  if (value === undefined) throw new Error('Property DashboardBody cannot be empty.');
  return typeof value === 'string' ? value : JSON.stringify(value);
}
