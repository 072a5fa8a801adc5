/**
 * What a sign-in's error code means for an investigation. Entra logs "interrupts" with an error code,
 * but they are steps of a sign-in that goes on (pick an account, do MFA, keep me signed in), not failed
 * attempts: counting them as failures invents password sprays out of ordinary Outlook use.
 * https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 */
export type SignInOutcome = 'success' | 'interrupt' | 'failure';

const INTERRUPTS = new Set([
  16000, // account selection required
  16001, // account selection (multiple accounts)
  16003, // account not in the tenant yet (guest selection)
  50058, // silent sign-in without session information
  50072, // MFA registration required
  50074, // strong authentication required
  50076, // MFA required (location or policy)
  50079, // MFA registration required
  50097, // device authentication required
  50125, // sign-in interrupted by password reset or registration
  50140, // "keep me signed in" interrupt
  50199, // confirmation for the user
  65001, // consent required
  81010, // seamless SSO: Kerberos ticket expired
  81012, // seamless SSO: signed-in user differs
  81014, // seamless SSO: not enough time
]);

export function signInOutcome(errorCode: unknown): SignInOutcome {
  const code = typeof errorCode === 'number' ? errorCode : Number(errorCode ?? 0);
  if (!Number.isFinite(code) || code === 0) return 'success';
  return INTERRUPTS.has(code) ? 'interrupt' : 'failure';
}

/**
 * The unified audit log's UserLoginFailed carries the sign-in's error as a number (ErrorNumber, a string)
 * and a name (LogonError); either can say it was an interrupt.
 */
export function auditLogonInterrupted(logonError: unknown, errorNumber?: unknown): boolean {
  const code = typeof errorNumber === 'string' && /^\s*\d+\s*$/.test(errorNumber) ? Number(errorNumber) : errorNumber;
  if (typeof code === 'number' && signInOutcome(code) === 'interrupt') return true;
  return /interrupt|strongauth|kmsi|usernotinorganization|sso|devicenotcompliant/i.test(
    typeof logonError === 'string' ? logonError : '',
  );
}
