import type { AppEvent, EventName, EventPayload } from '../../shared/api/contract.ts';

export type EventListener = (event: AppEvent) => void;

/** Fan-out of app events to every transport (IPC windows, SSE streams, CLI progress). */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const event = { name, payload } as AppEvent;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One broken subscriber (a closed socket) must not stop delivery to the others.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
