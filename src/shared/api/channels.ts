/**
 * The contract's names without its schemas: small enough for the sandboxed preload to bundle (it needs
 * no zod), and the single list `contract.ts` is checked against.
 */
export const methodNames = Object.freeze([
  'app.info',
  'cases.list',
  'cases.create',
  'cases.get',
  'cases.addNote',
  'caseLog.list',
  'caseLog.verify',
  'tenant.info',
  'tenant.restrictedSenders',
  'investigation.start',
  'investigation.cancel',
  'investigation.summary',
  'investigation.redetect',
  'timeline.window',
  'timeline.count',
  'evidence.get',
  'investigation.overrideVerdict',
  'checklist.get',
  'checklist.update',
  'checklist.addNote',
  'timeline.histogram',
  'timeline.facets',
  'timeline.annotations',
  'timeline.pin',
  'timeline.addNote',
  'tenant.profiles',
  'tenant.saveProfile',
  'tenant.removeProfile',
  'tenant.connect',
  'tenant.connectDemo',
  'tenant.disconnect',
  'tenant.capabilities',
  'import.files',
  'import.forUser',
  'cases.openFile',
  'remediation.plan',
  'remediation.execute',
  'remediation.revert',
  'unblock.status',
  'unblock.release',
  'unblock.recordManual',
  'unblock.verifySending',
  'notify.recipients',
  'remediation.queue',
  'remediation.outbox',
  'remediation.discard',
  'remediation.candidates',
  'remediation.executeMany',
  'report.export',
  'cases.exportBundle',
  'cases.verifyFile',
  'tenant.vaultStatus',
] as const);

export type MethodName = (typeof methodNames)[number];

const METHOD_SET: ReadonlySet<string> = new Set(methodNames);
export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && METHOD_SET.has(name);
}

/**
 * The narrow surface a transport offers the renderer: the Electron preload exposes one frozen object of
 * this shape, the browser-mode client implements it over fetch and an event stream.
 */
export interface Bridge {
  invoke(method: MethodName, input: unknown): Promise<unknown>;
  onEvent(listener: (event: unknown) => void): () => void;
}

/** Fixed IPC channel names: one per method plus one for events. */
export const IPC_EVENT_CHANNEL = 'clearance:event';
export function ipcChannelFor(method: MethodName): string {
  return `clearance:call:${method}`;
}
