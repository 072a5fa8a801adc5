import { z } from 'zod';
import type { ChecklistNoteInput, UpdateChecklistInput } from '../../shared/domain/checklist.ts';
import {
  CHECKLIST_ITEMS,
  type Checklist,
  ChecklistChangedPayload,
  type ChecklistItem,
  type ChecklistItemId,
  ChecklistNotedPayload,
  type ChecklistState,
  ChecklistStep,
  ChecklistSuggestion,
  SETTLED_STATES,
} from '../../shared/domain/checklist.ts';
import type { JsonValue, LogEntry } from '../../shared/domain/case-log.ts';
import { AppError } from '../core/app-error.ts';
import { ACTION_ITEM, ActionKind } from '../../shared/domain/remediation.ts';
import { proposedTargets } from '../remediation/proposals.ts';
import type { CaseService } from '../cases/case-service.ts';
import type { CaseFile } from '../store/case-file/case-file.ts';
import { latestOverride } from '../investigation/verdict-override.ts';
import { type Assessment, verdictSuggestions } from './assess.ts';

type Update = z.output<typeof UpdateChecklistInput>;
type NoteInput = z.output<typeof ChecklistNoteInput>;

/**
 * The playbook checklist of a case. Its state is folded from the case log (every change and note is an
 * entry), so it is as tamper-evident as the rest of the case and travels with it; the suggestions come
 * from the latest detection run.
 */
export class ChecklistService {
  private readonly deps: { cases: CaseService };

  constructor(deps: { cases: CaseService }) {
    this.deps = deps;
  }

  get(caseId: string): Checklist {
    return checklistOf(this.deps.cases.caseFile(caseId));
  }

  update(input: Update): Checklist {
    const file = this.deps.cases.caseFile(input.caseId);
    const current = foldLog(file).get(input.item);
    const from: ChecklistState = current?.state ?? 'todo';
    if (input.expected !== undefined && input.expected !== from)
      throw new AppError('conflict', 'errors.checklistChanged', { state: from });
    let accepted: ChecklistSuggestion | null = null;
    if (input.acceptSuggestion) {
      accepted = suggestions(file)[input.item] ?? null;
      // The suggestion is re-read here: the analyst signs off what the evidence says now, not what it said.
      if (!accepted || accepted.state !== input.state)
        throw new AppError('conflict', 'errors.checklistSuggestionChanged');
    }
    const reason = input.reason?.length ? input.reason : null;
    if (from !== input.state || accepted || reason !== (current?.reason ?? null)) {
      this.deps.cases.append(input.caseId, 'checklist.changed', {
        item: input.item,
        from,
        to: input.state,
        reason,
        accepted: accepted !== null,
        evidenceIds: accepted?.evidenceIds ?? [],
        findings: accepted?.findings ?? [],
        suggestion: accepted ? { key: accepted.key, params: accepted.params } : null,
      });
    }
    return this.get(input.caseId);
  }

  addNote(input: NoteInput): Checklist {
    this.deps.cases.append(input.caseId, 'checklist.noted', { item: input.item, text: input.text });
    return this.get(input.caseId);
  }
}

interface Folded {
  state: ChecklistState;
  reason: string | null;
  by: string | null;
  at: string | null;
  evidenceIds: number[];
  findings: string[];
  acceptedSuggestion: { key: string; params: Record<string, JsonValue> } | null;
  notes: ChecklistItem['notes'];
  history: ChecklistItem['history'];
}

/** Replays the checklist entries of the log. Entries that do not parse (a foreign file) are skipped. */
function foldLog(file: CaseFile): Map<ChecklistItemId, Folded> {
  const items = new Map<ChecklistItemId, Folded>();
  const itemOf = (id: ChecklistItemId): Folded => {
    let found = items.get(id);
    if (!found) {
      found = {
        state: 'todo',
        reason: null,
        by: null,
        at: null,
        evidenceIds: [],
        findings: [],
        acceptedSuggestion: null,
        notes: [],
        history: [],
      };
      items.set(id, found);
    }
    return found;
  };
  for (const entry of file.entriesOfKinds(['checklist.changed', 'checklist.noted'])) apply(entry, itemOf);
  return items;
}

function apply(entry: LogEntry, itemOf: (id: ChecklistItemId) => Folded): void {
  if (entry.kind === 'checklist.noted') {
    const note = ChecklistNotedPayload.safeParse(entry.payload);
    if (note.success)
      itemOf(note.data.item).notes.push({ text: note.data.text, by: entry.actor, at: entry.at, seq: entry.seq });
    return;
  }
  const change = ChecklistChangedPayload.safeParse(entry.payload);
  if (!change.success) return;
  const item = itemOf(change.data.item);
  Object.assign(item, {
    state: change.data.to,
    reason: change.data.reason,
    by: entry.actor,
    at: entry.at,
    evidenceIds: change.data.evidenceIds,
    findings: change.data.findings,
    acceptedSuggestion: change.data.accepted
      ? (change.data.suggestion as Folded['acceptedSuggestion'])
      : item.state === change.data.to
        ? item.acceptedSuggestion
        : null,
  });
  item.history.push({
    from: change.data.from,
    to: change.data.to,
    reason: change.data.reason,
    by: entry.actor,
    at: entry.at,
    seq: entry.seq,
    accepted: change.data.accepted,
  });
}

/** The checklist of one case file, from its log and latest detection alone (reports, bundles). */
export function checklistOf(file: CaseFile): Checklist {
  return buildChecklist(foldLog(file), suggestions(file));
}

/** The latest detection's suggestions, read through the schema; the analyst's verdict overrides the engine's. */
function suggestions(file: CaseFile): Assessment {
  const raw = file.investigation.latestDetection()?.checklist;
  const out: Assessment = {};
  if (raw === undefined) {
    // Nothing collected yet: the first thing to do is to investigate.
    out['determine.collect'] = {
      state: 'todo',
      key: 'checklist.suggest.collectNotRun',
      params: {},
      evidenceIds: [],
      findings: [],
    };
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = {};
    }
    const record = z.record(z.string(), z.unknown()).safeParse(parsed);
    for (const { id } of CHECKLIST_ITEMS) {
      const s = ChecklistSuggestion.safeParse(record.success ? record.data[id] : undefined);
      if (s.success) out[id] = s.data;
    }
  }
  const override = latestOverride(file);
  if (override) {
    Object.assign(out, verdictSuggestions(override.verdict));
    out['determine.verdict'] = {
      state: override.verdict === 'inconclusive' ? 'in_progress' : 'done',
      key: 'checklist.suggest.verdict.override',
      params: { verdict: override.verdict, by: override.by },
      evidenceIds: out['determine.verdict']?.evidenceIds ?? [],
      findings: out['determine.verdict']?.findings ?? [],
    };
  }
  Object.assign(out, actionSuggestions(file), unblockSuggestions(file));
  return out;
}

const ExecutedAction = z.object({
  kind: ActionKind,
  outcomes: z.array(z.object({ ok: z.boolean(), verified: z.boolean() }).loose()),
});

/**
 * Containment done through Clearance settles its respond item: when every action the item calls for (the
 * ones run, and those the findings propose targets for) ran with every change verified and was not
 * reverted, "done" naming the case-log entries; one still to run keeps it in progress, naming it; a
 * change that did not verify too.
 */
function actionSuggestions(file: CaseFile): Assessment {
  const reverted = new Set<number>();
  for (const e of file.entriesOfKinds(['action.reverted']))
    if (typeof e.payload.of === 'number') reverted.add(e.payload.of);
  const runs = new Map<ActionKind, { done: number[]; partial: number[] }>();
  for (const e of file.entriesOfKinds(['action.executed'])) {
    const p = ExecutedAction.safeParse(e.payload);
    if (!p.success || reverted.has(e.seq) || p.data.outcomes.length === 0) continue;
    const slot = runs.get(p.data.kind) ?? { done: [], partial: [] };
    (p.data.outcomes.every((o) => o.ok && o.verified) ? slot.done : slot.partial).push(e.seq);
    runs.set(p.data.kind, slot);
  }
  const out: Assessment = {};
  const items = new Set([...runs.keys()].map((k) => ACTION_ITEM[k]).filter((i) => i !== undefined));
  for (const item of items) {
    const kinds = ActionKind.options.filter((k) => ACTION_ITEM[k] === item);
    const ran = kinds.filter((k) => runs.has(k));
    const partial = ran.flatMap((k) => runs.get(k)!.partial);
    const done = ran.flatMap((k) => runs.get(k)!.done);
    const pending = kinds.filter((k) => !runs.get(k)?.done.length && (proposedTargets(file, k)?.length ?? 0) > 0);
    out[item] =
      partial.length > 0
        ? fromLog('in_progress', 'respond.actionPartial', { entries: partial.join(', ') })
        : pending.length > 0
          ? fromLog('in_progress', 'respond.actionPending', { entries: done.join(', '), pending: pending.join(',') })
          : fromLog('done', 'respond.actionDone', { entries: done.join(', ') });
  }
  return out;
}

/** A suggestion that follows from case-log entries rather than evidence rows or findings. */
function fromLog(state: ChecklistState, key: string, params: Record<string, string>): ChecklistSuggestion {
  return { state, key: `checklist.suggest.${key}`, params, evidenceIds: [], findings: [] };
}

/** The unblock and its verification come from the log, not from a detection: they happen after it. */
function unblockSuggestions(file: CaseFile): Assessment {
  const released = file.latest('unblock.released');
  if (!released) return {};
  const after = (kind: 'unblock.verified' | 'unblock.reblocked') =>
    [...file.entriesOfKinds([kind])].find((e) => e.payload.releasedSeq === released.seq);
  const verified = after('unblock.verified');
  const reblocked = after('unblock.reblocked');
  return {
    'unblock.release': fromLog('done', 'released', {
      at: released.at,
      via: typeof released.payload.via === 'string' ? released.payload.via : '',
    }),
    'unblock.verifySending': reblocked
      ? fromLog('todo', 'reblocked', { at: reblocked.at })
      : verified
        ? fromLog('done', 'resumed', {
            at: typeof verified.payload.resumedAt === 'string' ? verified.payload.resumedAt : verified.at,
          })
        : fromLog('in_progress', 'waitingToResume', { at: released.at }),
  };
}

function sameSuggestion(a: Folded['acceptedSuggestion'], b: ChecklistSuggestion | undefined): boolean {
  return !!a && !!b && a.key === b.key && JSON.stringify(a.params) === JSON.stringify(b.params);
}

function buildChecklist(folded: Map<ChecklistItemId, Folded>, suggested: Assessment): Checklist {
  const items: ChecklistItem[] = CHECKLIST_ITEMS.map(({ id, step, securing }) => {
    const f = folded.get(id);
    const suggestion = suggested[id] ?? null;
    return {
      id,
      step,
      securing,
      state: f?.state ?? 'todo',
      reason: f?.reason ?? null,
      by: f?.by ?? null,
      at: f?.at ?? null,
      evidenceIds: f?.evidenceIds ?? [],
      findings: f?.findings ?? [],
      suggestion,
      suggestionChanged: !!f?.acceptedSuggestion && !sameSuggestion(f.acceptedSuggestion, suggestion ?? undefined),
      notes: f?.notes ?? [],
      history: f?.history ?? [],
    };
  });
  const steps = ChecklistStep.options.map((step) => {
    const inStep = items.filter((i) => i.step === step);
    return { step, settled: inStep.filter((i) => SETTLED_STATES.has(i.state)).length, total: inStep.length };
  });
  return {
    items,
    steps,
    currentStep: steps.find((s) => s.settled < s.total)?.step ?? null,
    unblockBlockers: items.filter((i) => i.securing && !SETTLED_STATES.has(i.state)).map((i) => i.id),
  };
}
