import type { z } from 'zod';
import type { SourceId } from '../../../../shared/domain/investigation.ts';
import type { EventSeverity, TimelineFilter } from '../../../../shared/domain/timeline.ts';
import { localInputToUtc } from '../../lib/time.ts';

export type Severity = z.infer<typeof EventSeverity>;
export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low', 'info'];

/** Sources that produce timeline events (snapshots such as inbox rules do not). */
export const EVENT_SOURCES: readonly SourceId[] = [
  'signIns',
  'directoryAudits',
  'auditLog',
  'messageTrace',
  'sentItems',
  'alerts',
  'riskDetections',
  'authMethods',
  'blockedSender',
];

/** What the analyst set in the filter bar: form values (local times as typed), not yet an API filter. */
export interface FilterState {
  source: SourceId | '';
  severities: Severity[];
  kind: string;
  country: string;
  client: string;
  ip: string;
  text: string;
  /** datetime-local values, in the analyst's local time like the rows. */
  from: string;
  to: string;
  pinnedOnly: boolean;
}

export const EMPTY_FILTER: FilterState = {
  source: '',
  severities: [],
  kind: '',
  country: '',
  client: '',
  ip: '',
  text: '',
  from: '',
  to: '',
  pinnedOnly: false,
};

/**
 * The API filter for a form state. `text` is passed separately (deferred while typing); `evidenceIds`
 * narrows to a finding's or checklist item's rows, or to the pinned events.
 */
export function toApiFilter(
  state: FilterState,
  text: string,
  evidenceIds: readonly number[] | null,
  options: { withTime: boolean } = { withTime: true },
): TimelineFilter {
  const from = options.withTime ? localInputToUtc(state.from) : null;
  const to = options.withTime ? localInputToUtc(state.to) : null;
  return {
    ...(state.source ? { sources: [state.source] } : {}),
    ...(state.severities.length ? { severities: state.severities } : {}),
    ...(state.kind ? { kinds: [state.kind] } : {}),
    ...(state.country ? { country: state.country } : {}),
    ...(state.client ? { client: state.client } : {}),
    ...(state.ip.trim() ? { ip: state.ip.trim() } : {}),
    ...(text ? { text } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(evidenceIds ? { evidenceIds: [...evidenceIds] } : {}),
  };
}
