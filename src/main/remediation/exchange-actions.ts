import type { ActionContext, ContainmentAction } from './action.ts';

/** Exchange needs the app permission and a directory role; the message names both. */
const EXCHANGE_PERMISSION = 'Exchange.ManageAsApp and the Exchange Administrator role';

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

type Forwarding = {
  forwardingSmtpAddress: string | null;
  forwardingAddress: string | null;
  deliverToMailboxAndForward: boolean;
};

async function forwarding(ctx: ActionContext): Promise<Forwarding | null> {
  const [box] = await ctx.exchange('Get-Mailbox', { Identity: ctx.user });
  if (!box) return null;
  return {
    forwardingSmtpAddress: text(box.ForwardingSmtpAddress),
    forwardingAddress: text(box.ForwardingAddress),
    deliverToMailboxAndForward: box.DeliverToMailboxAndForward === true,
  };
}

async function setForwarding(ctx: ActionContext, state: Forwarding): Promise<void> {
  await ctx.exchange('Set-Mailbox', {
    Identity: ctx.user,
    ForwardingSmtpAddress: state.forwardingSmtpAddress,
    ForwardingAddress: state.forwardingAddress,
    DeliverToMailboxAndForward: state.deliverToMailboxAndForward,
  });
}

/** Clear mailbox-level forwarding (Set-Mailbox); revert restores the addresses from the snapshot. */
export const clearForwarding: ContainmentAction<Forwarding> = {
  kind: 'clearForwarding',
  permission: EXCHANGE_PERMISSION,
  async plan(ctx) {
    const now = await forwarding(ctx);
    if (!now || (!now.forwardingSmtpAddress && !now.forwardingAddress)) return [];
    return [
      {
        target: { id: ctx.user, label: now.forwardingSmtpAddress ?? now.forwardingAddress ?? ctx.user },
        before: now,
        after: { forwardingSmtpAddress: null, forwardingAddress: null, deliverToMailboxAndForward: false },
      },
    ];
  },
  apply: (ctx, change) => setForwarding(ctx, change.after),
  read: (ctx) => forwarding(ctx),
  reached: (state, wanted) =>
    !!state &&
    (state.forwardingSmtpAddress ?? '').toLowerCase() === (wanted.forwardingSmtpAddress ?? '').toLowerCase() &&
    (state.forwardingAddress ?? '') === (wanted.forwardingAddress ?? ''),
  revert: (ctx, change) => setForwarding(ctx, change.after),
};

const SELF = /^(nt authority\\self|s-1-5-10)$/i;

/** The three ways someone else can act as the mailbox. */
type Right = 'FullAccess' | 'SendAs' | 'SendOnBehalf';
type Delegation = { right: Right; trustee: string; granted: boolean };

async function delegations(ctx: ActionContext): Promise<Array<Omit<Delegation, 'granted'>>> {
  const [full, sendAs, [box]] = await Promise.all([
    ctx.exchange('Get-MailboxPermission', { Identity: ctx.user }),
    ctx.exchange('Get-RecipientPermission', { Identity: ctx.user }),
    ctx.exchange('Get-Mailbox', { Identity: ctx.user }),
  ]);
  const grants = (value: unknown): string[] =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  return [
    ...full
      .filter(
        (p) =>
          !SELF.test(String(p.User)) &&
          p.IsInherited !== true &&
          p.Deny !== true &&
          grants(p.AccessRights).some((r) => /FullAccess/i.test(r)),
      )
      .map((p) => ({ right: 'FullAccess' as const, trustee: String(p.User) })),
    ...sendAs
      .filter((p) => !SELF.test(String(p.Trustee)) && grants(p.AccessRights).some((r) => /SendAs/i.test(r)))
      .map((p) => ({ right: 'SendAs' as const, trustee: String(p.Trustee) })),
    ...grants(box?.GrantSendOnBehalfTo).map((trustee) => ({ right: 'SendOnBehalf' as const, trustee })),
  ];
}

const delegationId = (d: { right: Right; trustee: string }) => `${d.right}|${d.trustee.toLowerCase()}`;

async function setDelegation(ctx: ActionContext, d: Delegation): Promise<void> {
  const verb = d.granted ? 'Add' : 'Remove';
  if (d.right === 'FullAccess')
    await ctx.exchange(`${verb}-MailboxPermission`, {
      Identity: ctx.user,
      User: d.trustee,
      AccessRights: ['FullAccess'],
      InheritanceType: 'All',
    });
  else if (d.right === 'SendAs')
    await ctx.exchange(`${verb}-RecipientPermission`, {
      Identity: ctx.user,
      Trustee: d.trustee,
      AccessRights: ['SendAs'],
    });
  else
    await ctx.exchange('Set-Mailbox', {
      Identity: ctx.user,
      GrantSendOnBehalfTo: d.granted ? { add: [d.trustee] } : { remove: [d.trustee] },
    });
}

/**
 * Remove delegates: FullAccess, SendAs and Send on behalf. The service proposes the ones the delegate
 * detector flagged; a legitimate assistant is only removed when the analyst picks them. Revert grants the
 * same right to the same trustee again.
 */
export const removeDelegates: ContainmentAction<Delegation> = {
  kind: 'removeDelegates',
  permission: EXCHANGE_PERMISSION,
  async plan(ctx, targets) {
    return (await delegations(ctx))
      .filter((d) => !targets || targets.some((t) => t.toLowerCase() === delegationId(d).toLowerCase()))
      .map((d) => ({
        target: { id: delegationId(d), label: `${d.trustee} (${d.right})` },
        before: { ...d, granted: true },
        after: { ...d, granted: false },
      }));
  },
  apply: (ctx, change) => setDelegation(ctx, change.after),
  async read(ctx, target) {
    const [right, trustee] = target.id.split('|') as [Right, string];
    const granted = (await delegations(ctx)).some((d) => delegationId(d) === target.id);
    return { right, trustee, granted };
  },
  reached: (state, wanted) => state?.granted === wanted.granted,
  revert: (ctx, change) => setDelegation(ctx, change.after),
};

type HiddenRule = { enabled: boolean };

async function inboxRules(ctx: ActionContext, includeHidden: boolean) {
  return ctx.exchange('Get-InboxRule', { Mailbox: ctx.user, ...(includeHidden ? { IncludeHidden: true } : {}) });
}

/**
 * Disable hidden inbox rules: those Get-InboxRule lists only with -IncludeHidden (made through MAPI, so
 * Outlook and Graph never show them). Proposed from the hidden-rule finding; revert enables them again.
 */
export const disableHiddenRules: ContainmentAction<HiddenRule> = {
  kind: 'disableHiddenRules',
  permission: EXCHANGE_PERMISSION,
  async plan(ctx, targets) {
    const [all, visible] = await Promise.all([inboxRules(ctx, true), inboxRules(ctx, false)]);
    const shown = new Set(visible.map((r) => String(r.Identity)));
    return all
      .filter(
        (r) =>
          r.Enabled === true && !shown.has(String(r.Identity)) && (!targets || targets.includes(String(r.Identity))),
      )
      .map((r) => ({
        target: { id: String(r.Identity), label: String(r.Name ?? r.Identity) },
        before: { enabled: true },
        after: { enabled: false },
      }));
  },
  async apply(ctx, change) {
    await ctx.exchange(change.after.enabled ? 'Enable-InboxRule' : 'Disable-InboxRule', {
      Identity: change.target.id,
      Mailbox: ctx.user,
    });
  },
  async read(ctx, target) {
    const rule = (await inboxRules(ctx, true)).find((r) => String(r.Identity) === target.id);
    return rule ? { enabled: rule.Enabled === true } : null;
  },
  reached: (state, wanted) => state?.enabled === wanted.enabled,
  revert: (ctx, change) => disableHiddenRules.apply(ctx, change).then(() => undefined),
};
