import { z } from 'zod';
import type { EventAnnotations } from '../../shared/domain/timeline.ts';
import { AppError } from '../core/app-error.ts';
import type { CaseService } from '../cases/case-service.ts';

const PinPayload = z.object({ evidenceId: z.number().int() });
const NotePayload = z.object({ evidenceId: z.number().int(), text: z.string() });

/**
 * Pins and notes on timeline events. Both are case-log entries (who, when, tamper-evident, exported with
 * the case) keyed by evidence row: events are rebuilt from evidence, evidence rows never change.
 */
export class AnnotationService {
  private readonly cases: CaseService;

  constructor(deps: { cases: CaseService }) {
    this.cases = deps.cases;
  }

  get(caseId: string): EventAnnotations {
    const pins = new Map<number, EventAnnotations['pins'][number]>();
    const notes: EventAnnotations['notes'] = [];
    const file = this.cases.caseFile(caseId);
    for (const entry of file.entriesOfKinds(['event.pinned', 'event.unpinned', 'event.noted'])) {
      // Read through the schema: a case file may come from a colleague's bundle.
      if (entry.kind === 'event.noted') {
        const note = NotePayload.safeParse(entry.payload);
        if (note.success) notes.push({ ...note.data, by: entry.actor, at: entry.at, seq: entry.seq });
        continue;
      }
      const pin = PinPayload.safeParse(entry.payload);
      if (!pin.success) continue;
      if (entry.kind === 'event.pinned') pins.set(pin.data.evidenceId, { ...pin.data, by: entry.actor, at: entry.at });
      else pins.delete(pin.data.evidenceId);
    }
    return { pins: [...pins.values()], notes };
  }

  pin(caseId: string, evidenceId: number, pinned: boolean): EventAnnotations {
    const event = this.event(caseId, evidenceId);
    const current = this.get(caseId).pins.some((p) => p.evidenceId === evidenceId);
    if (current !== pinned)
      this.cases.append(caseId, pinned ? 'event.pinned' : 'event.unpinned', {
        evidenceId,
        eventAt: event.at,
        summary: event.summary,
      });
    return this.get(caseId);
  }

  addNote(caseId: string, evidenceId: number, text: string): EventAnnotations {
    const event = this.event(caseId, evidenceId);
    this.cases.append(caseId, 'event.noted', { evidenceId, text, eventAt: event.at, summary: event.summary });
    return this.get(caseId);
  }

  private event(caseId: string, evidenceId: number): { at: string; summary: string } {
    const event = this.cases.caseFile(caseId).timeline.eventOf(evidenceId);
    if (!event) throw new AppError('not_found', 'errors.eventNotFound');
    return event;
  }
}
