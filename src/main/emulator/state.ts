import type { GraphObject, Scenario, ScenarioApp, ScenarioUser } from './scenario/schema.ts';

type Mailbox = NonNullable<ScenarioUser['mailbox']>;

/**
 * The tenant as the emulator serves it: the scenario's data, mutable, so that writes (disable a rule,
 * revoke a grant, unblock a sender) show when read back. One instance per emulator; never shared.
 */
export class TenantState {
  readonly scenario: Scenario;
  private readonly usersById = new Map<string, ScenarioUser>();
  private readonly usersByUpn = new Map<string, ScenarioUser>();

  /** Bumped by every add and remove, so cached query results know when they are stale. */
  version = 0;
  private readonly cache = new Map<string, { version: number; rows: readonly Record<string, unknown>[] }>();

  /** Takes ownership of `scenario` (the emulator hands it a private copy). */
  constructor(scenario: Scenario) {
    this.scenario = scenario;
    // Newest first, once: the order Graph returns logs in, so a request never sorts a million rows.
    const newestFirst = <T extends Record<string, unknown>>(list: T[], key: string) => {
      const keyed = list.map((item) => ({ t: Date.parse(String(item[key])), item }));
      keyed.sort((a, b) => b.t - a.t);
      keyed.forEach((k, i) => (list[i] = k.item));
    };
    newestFirst(scenario.signIns, 'createdDateTime');
    newestFirst(scenario.directoryAudits, 'activityDateTime');
    newestFirst(scenario.messageTraces, 'receivedDateTime');
    newestFirst(scenario.riskDetections, 'activityDateTime');
    newestFirst(scenario.alerts, 'createdDateTime');
    for (const user of scenario.users) if (user.mailbox) newestFirst(user.mailbox.sentItems, 'sentDateTime');
    for (const user of this.scenario.users) {
      this.usersById.set(String(user.user.id).toLowerCase(), user);
      this.usersByUpn.set(String(user.user.userPrincipalName).toLowerCase(), user);
    }
  }

  get tenantId(): string {
    return this.scenario.tenant.id;
  }

  get licences(): Scenario['tenant']['licences'] {
    return this.scenario.tenant.licences;
  }

  /** A user by object id or UPN, as Graph's `/users/{id | userPrincipalName}` accepts. */
  user(ref: string): ScenarioUser | undefined {
    const key = ref.toLowerCase();
    return this.usersById.get(key) ?? this.usersByUpn.get(key);
  }

  users(): ScenarioUser[] {
    return this.scenario.users;
  }

  app(clientId: string): ScenarioApp | undefined {
    return this.scenario.apps.find((a) => a.clientId.toLowerCase() === clientId.toLowerCase());
  }

  mailbox(user: ScenarioUser): Mailbox | undefined {
    return this.licences.exchangeOnline ? user.mailbox : undefined;
  }

  isVerifiedDomain(domain: string): boolean {
    return this.scenario.tenant.verifiedDomains.some((d) => d.name.toLowerCase() === domain.toLowerCase());
  }

  /** Marks the state changed after an in-place update (a PATCH), so no stale query result is served. */
  touch(): void {
    this.version++;
  }

  add<T extends GraphObject>(list: T[], item: T): T {
    list.push(item);
    this.version++;
    return item;
  }

  remove<T extends GraphObject>(list: T[], predicate: (item: T) => boolean): T | undefined {
    const index = list.findIndex(predicate);
    if (index < 0) return undefined;
    this.version++;
    return list.splice(index, 1)[0];
  }

  /**
   * The rows a query selected, if nothing was added or removed since: paging through a large result
   * re-uses them instead of filtering the whole collection again for every page.
   */
  lookup(key: string): readonly Record<string, unknown>[] | undefined {
    const hit = this.cache.get(key);
    return hit && hit.version === this.version ? hit.rows : undefined;
  }

  remember(key: string, rows: readonly Record<string, unknown>[]): readonly Record<string, unknown>[] {
    if (this.cache.size >= 32) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { version: this.version, rows });
    return rows;
  }
}
