const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Unified audit log's own format (CreationTime): no zone, meaning UTC. */
const ISO_NO_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?$/;

function shiftOne(value: string, deltaMs: number): string {
  if (ISO_INSTANT.test(value)) return new Date(Date.parse(value) + deltaMs).toISOString();
  if (ISO_NO_ZONE.test(value)) return new Date(Date.parse(`${value}Z`) + deltaMs).toISOString().replace(/\.\d+Z$/, '');
  return value;
}

/**
 * Moves every timestamp in a scenario by the same amount, keeping the story's internal order and gaps.
 * Timestamps are recognised by shape wherever they are (object values and array items).
 */
export function shiftTimes<T>(value: T, deltaMs: number): T {
  if (deltaMs === 0) return value;
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return shiftOne(node, deltaMs);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    }
    return node;
  };
  return walk(value) as T;
}
