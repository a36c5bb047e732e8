/**
 * CloudWatch dashboards, kept by name with their JSON body. The CloudWatch service has no
 * dashboards (no PutDashboard/GetDashboard), so the interpreter keeps them here until it does;
 * whoever renders dashboards reads them from this registry.
 */

/** One dashboard, as GetDashboard would describe it. */
export interface Dashboard {
  DashboardName: string;
  DashboardArn: string;
  /** The JSON body, as given. */
  DashboardBody: string;
  /** Epoch milliseconds of the last change. */
  LastModified: number;
}

/** Where AWS::CloudWatch::Dashboard resources go. */
export interface DashboardRegistry {
  put(name: string, body: string): Dashboard;
  get(name: string): Dashboard | undefined;
  delete(name: string): boolean;
  list(): Dashboard[];
}

/** An in-memory DashboardRegistry for one emulated account and region. */
export class DashboardStore implements DashboardRegistry {
  private readonly dashboards = new Map<string, Dashboard>();

  constructor(
    private readonly accountId: string,
    private readonly now: () => number
  ) {}

  /**
   * Creates or replaces a dashboard. The body must be a JSON object, as PutDashboard requires
   * (its error: `InvalidParameterInput`, "The field DashboardBody must be a valid JSON object").
   */
  put(name: string, body: string): Dashboard {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error('The field DashboardBody must be a valid JSON object');
    }
    const dashboard: Dashboard = {
      DashboardName: name,
      // Dashboards are global: their ARN has no region.
      DashboardArn: `arn:aws:cloudwatch::${this.accountId}:dashboard/${name}`,
      DashboardBody: body,
      LastModified: this.now(),
    };
    this.dashboards.set(name, dashboard);
    return dashboard;
  }

  get(name: string): Dashboard | undefined {
    return this.dashboards.get(name);
  }

  delete(name: string): boolean {
    return this.dashboards.delete(name);
  }

  list(): Dashboard[] {
    return [...this.dashboards.values()].sort((a, b) =>
      a.DashboardName < b.DashboardName ? -1 : 1
    );
  }
}
