import { randomUUID } from 'node:crypto';
import { generate } from 'selfsigned';

export interface EmulatorCertificate {
  /** PEM of the self-signed certificate: what a client must trust. */
  cert: string;
  key: string;
}

/**
 * A fresh self-signed certificate for 127.0.0.1 and localhost, made at each start and never written to
 * disk unless asked (`clearance emulator --cert-out`). Graph's client only attaches tokens to https
 * hosts, so the emulator must speak TLS (see docs/scenarios.md, "Pointing clients at the emulator").
 */
export async function makeCertificate(): Promise<EmulatorCertificate> {
  const pems = await generate(
    // A unique subject per certificate: trust stores look issuers up by name, so two emulators in one
    // process (tests) must not share one.
    [{ name: 'commonName', value: `Clearance M365 emulator ${randomUUID()}` }],
    {
      keyType: 'ec',
      curve: 'P-256',
      notAfterDate: new Date(Date.now() + 7 * 86_400_000),
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 7, ip: '127.0.0.1' },
            { type: 2, value: 'localhost' },
          ],
        },
      ],
    },
  );
  return { cert: pems.cert, key: pems.private };
}
