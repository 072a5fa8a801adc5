/** Why a source gave nothing, in words an analyst can act on. */
export type CollectReason =
  'licence' | 'permission' | 'exchange' | 'not_found' | 'throttled' | 'network' | 'service' | 'cancelled';

export class CollectError extends Error {
  readonly reason: CollectReason;
  readonly fix: string | null;
  readonly status: number | null;
  constructor(reason: CollectReason, detail: string, fix: string | null = null, status: number | null = null) {
    super(detail);
    this.name = 'CollectError';
    this.reason = reason;
    this.fix = fix;
    this.status = status;
  }
}
