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

  constructor(scenario: Scenario) {
    // A deep copy: the scenario object stays pristine for `reset`.
    this.scenario = structuredClone(scenario);
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

  remove<T extends GraphObject>(list: T[], predicate: (item: T) => boolean): T | undefined {
    const index = list.findIndex(predicate);
    return index < 0 ? undefined : list.splice(index, 1)[0];
  }
}
