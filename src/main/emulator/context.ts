import type { TokenService } from './identity/token-service.ts';
import type { Faults } from './faults.ts';
import type { TenantState } from './state.ts';

/** What every emulator handler gets: the tenant, the token service, the fault plan, and its own base URL. */
export interface EmulatorContext {
  state: TenantState;
  tokens: TokenService;
  faults: Faults;
  /** `https://127.0.0.1:PORT`: nextLinks and metadata are absolute, as Graph's are. */
  baseUrl: string;
  now: () => number;
  /** Device codes and authorization codes in flight. */
  pending: PendingGrants;
}

export interface Grant {
  clientId: string;
  userId: string;
  /** Requested scopes as given. */
  scopes: string[];
}

export interface PendingGrants {
  codes: Map<
    string,
    Grant & {
      redirectUri: string;
      codeChallenge: string | null;
      method: string | null;
      expires: number;
      nonce?: string;
    }
  >;
  deviceCodes: Map<
    string,
    Grant & { userCode: string; approvedUserId: string | null; expires: number; lastPoll: number }
  >;
  refreshTokens: Map<string, Grant & { expires: number }>;
}
