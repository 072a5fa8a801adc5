import type { TFunction } from 'i18next';
import type { ChecklistItemId, ChecklistSuggestion } from '../../../../shared/domain/checklist.ts';
import { translateKey } from '../../lib/messages.ts';
import { formatLocal } from '../../lib/time.ts';

/** An item's title: item ids are dotted paths into `checklist.items` (`respond.resetPassword`). */
export function itemTitle(t: TFunction, id: ChecklistItemId): string {
  return translateKey(t, `checklist.items.${id}.title`);
}

export function itemHelp(t: TFunction, id: ChecklistItemId): string {
  return translateKey(t, `checklist.items.${id}.help`);
}

/**
 * A suggestion's sentence in the analyst's language. Parameters that name sources (`names`, `have`), verdicts or times are
 * translated or formatted here; the rest are numbers.
 */
export function suggestionText(t: TFunction, s: ChecklistSuggestion, language: string): string {
  const params: Record<string, string | number> = { ...s.params };
  for (const list of ['names', 'have'] as const) {
    const ids = params[list];
    if (typeof ids === 'string')
      params[list] = ids
        .split(',')
        .map((id) => translateKey(t, `sources.${id}`))
        .join(', ');
  }
  if (typeof params.verdict === 'string') params.verdict = translateKey(t, `investigation.verdict.${params.verdict}`);
  if (typeof params.since === 'string' && params.since) params.since = formatLocal(params.since, language);
  if (typeof params.at === 'string' && params.at) params.at = formatLocal(params.at, language);
  if (typeof params.pending === 'string')
    params.pending = params.pending
      .split(',')
      .map((kind) => translateKey(t, `containment.kinds.${kind}`))
      .join(', ');
  return translateKey(t, s.key, params);
}
