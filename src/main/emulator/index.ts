// The Microsoft 365 emulator: a stand-in for Entra ID's token service, Microsoft Graph v1.0 and Exchange
// Online's admin REST, driven by scenario files. Used by tests, benchmarks and the demo tenant.
export { startEmulator, type EmulatorOptions, type RunningEmulator, type ServedExchange } from './server.ts';
export { loadScenarioFile, parseScenario, ScenarioError } from './scenario/load.ts';
export { trustEmulatorCertificate } from './trust.ts';
export { AUDIT_QUERY_TIMING } from './graph/routes/security.ts';
export type { Scenario } from './scenario/schema.ts';
