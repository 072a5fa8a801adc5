import tls from 'node:tls';

const trusted = new Set<string>();

/**
 * Makes this process's TLS clients (fetch, https, and so MSAL and the Graph client) trust the emulator's
 * self-signed certificate, in addition to the system's. Only ever called for the built-in emulator
 * (demo mode and tests); a real tenant is reached with the normal trust store.
 */
export function trustEmulatorCertificate(pem: string): void {
  if (trusted.has(pem)) return;
  trusted.add(pem);
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), ...trusted]);
}
