import {
  AppEventSchema,
  events,
  methods,
  type AppEvent,
  type Bridge,
  type MethodInput,
  type MethodName,
  type MethodOutput,
} from '../../../shared/api/contract.ts';
import { ApiError, WireResult } from '../../../shared/api/errors.ts';

export interface ApiClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  onEvent(listener: (event: AppEvent) => void): () => void;
}

/**
 * The typed client over whichever bridge is present. Answers are checked against the contract here too,
 * so a main/renderer version skew fails loudly instead of rendering half-shaped data.
 */
export function createApiClient(bridge: Bridge): ApiClient {
  return {
    async call(method, input) {
      let raw: unknown;
      try {
        raw = await bridge.invoke(method, input);
      } catch {
        throw new ApiError({ code: 'internal', message: 'errors.network' });
      }
      const result = WireResult.parse(raw);
      if (!result.ok) throw new ApiError(result.error);
      return methods[method].output.parse(result.value) as MethodOutput<typeof method>;
    },
    onEvent(listener) {
      return bridge.onEvent((raw) => {
        const envelope = AppEventSchema.safeParse(raw);
        if (!envelope.success || !Object.hasOwn(events, envelope.data.name)) return;
        const name = envelope.data.name as keyof typeof events;
        const payload = events[name].safeParse(envelope.data.payload);
        if (payload.success) listener({ name, payload: payload.data } as AppEvent);
      });
    },
  };
}
