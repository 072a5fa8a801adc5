import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/main/emulator/index.ts';
import { appToken, emulator } from '../../support/emulator.ts';

let emu: RunningEmulator;
let exchangeToken: string;
let graphToken: string;

beforeAll(async () => {
  emu = await emulator();
  exchangeToken = await appToken(emu, 'https://outlook.office365.com');
  graphToken = await appToken(emu);
});
afterAll(() => emu.close());

async function invoke(cmdlet: string, parameters: Record<string, unknown> = {}, token = exchangeToken) {
  const res = await fetch(`${emu.baseUrl}/adminapi/beta/${emu.tenantId}/InvokeCommand`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } }),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      value?: Array<Record<string, unknown>>;
      '@adminapi.warnings'?: string[];
      error?: { code: string; details: Array<{ message: string }> };
    },
  };
}

describe('Exchange Online admin REST (InvokeCommand)', () => {
  it('refuses a Graph token and accepts an Exchange one', async () => {
    expect((await invoke('Get-BlockedSenderAddress', {}, graphToken)).status).toBe(401);
    const ok = await invoke('Get-BlockedSenderAddress');
    expect(ok.status).toBe(200);
    expect(ok.body['@adminapi.warnings']).toEqual([]);
  });

  it('lists restricted senders and unblocks one', async () => {
    const listed = await invoke('get-blockedsenderaddress', { SenderAddress: 'adele.vance@contoso.com' });
    expect(listed.body.value).toEqual([
      expect.objectContaining({
        SenderAddress: 'adele.vance@contoso.com',
        TemporaryBlock: false,
        Reason: expect.stringContaining('OutboundSpam'),
      }),
    ]);
    expect((await invoke('Remove-BlockedSenderAddress', { SenderAddress: 'adele.vance@contoso.com' })).status).toBe(
      200,
    );
    expect((await invoke('Get-BlockedSenderAddress', { SenderAddress: 'adele.vance@contoso.com' })).body.value).toEqual(
      [],
    );
  });

  it('reads and clears mailbox forwarding', async () => {
    const before = await invoke('Get-Mailbox', { Identity: 'lee.gu@contoso.com' });
    expect(before.body.value?.[0]).toMatchObject({
      ForwardingSmtpAddress: 'smtp:lee.backup@outlook-mail.example',
      DeliverToMailboxAndForward: true,
    });
    await invoke('Set-Mailbox', {
      Identity: 'lee.gu@contoso.com',
      ForwardingSmtpAddress: null,
      ForwardingAddress: null,
      DeliverToMailboxAndForward: false,
    });
    const after = await invoke('Get-Mailbox', { Identity: 'lee.gu@contoso.com' });
    expect(after.body.value?.[0]).toMatchObject({ ForwardingSmtpAddress: null, DeliverToMailboxAndForward: false });
    const again = await invoke('Set-Mailbox', { Identity: 'lee.gu@contoso.com', ForwardingSmtpAddress: null });
    expect(again.body['@adminapi.warnings']?.[0]).toContain('no settings of');
  });

  it('lists delegates with the SELF row and removes one', async () => {
    const perms = await invoke('Get-MailboxPermission', { Identity: 'lee.gu@contoso.com' });
    const users = perms.body.value?.map((r) => r.User);
    expect(users).toContain('NT AUTHORITY\\SELF');
    const foreign = perms.body.value!.find((r) => r.User !== 'NT AUTHORITY\\SELF')!;
    await invoke('Remove-MailboxPermission', {
      Identity: 'lee.gu@contoso.com',
      User: foreign.User,
      AccessRights: ['FullAccess'],
      Confirm: false,
    });
    const after = await invoke('Get-MailboxPermission', { Identity: 'lee.gu@contoso.com' });
    expect(after.body.value?.map((r) => r.User)).not.toContain(foreign.User);
    expect((await invoke('Get-MailboxPermission', {})).status).toBe(400);
  });

  it('shows hidden inbox rules only with IncludeHidden', async () => {
    const visible = await invoke('Get-InboxRule', { Mailbox: 'lee.gu@contoso.com' });
    const all = await invoke('Get-InboxRule', { Mailbox: 'lee.gu@contoso.com', IncludeHidden: true });
    expect(all.body.value!.length).toBe(visible.body.value!.length + 1);
    const hidden = all.body.value!.find((r) => !visible.body.value!.some((v) => v.Identity === r.Identity))!;
    await invoke('Remove-InboxRule', { Identity: hidden.Identity });
    expect(
      (await invoke('Get-InboxRule', { Mailbox: 'lee.gu@contoso.com', IncludeHidden: true })).body.value!.length,
    ).toBe(visible.body.value!.length);
  });

  it('answers unknown identities, parameters and cmdlets in Exchange’s error shape', async () => {
    const missing = await invoke('Get-Mailbox', { Identity: 'ghost@contoso.com' });
    expect(missing.status).toBe(404);
    expect(missing.body.error?.details[0]?.message).toContain('ManagementObjectNotFoundException');
    expect((await invoke('Get-Mailbox', { Bogus: 1 })).status).toBe(400);
    expect((await invoke('Get-MessageTrace')).status).toBe(400);
  });
});
