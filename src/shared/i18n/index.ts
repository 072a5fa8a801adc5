import { da } from './da.ts';
import { en, type Catalogue } from './en.ts';

export const catalogues = { en, da } as const satisfies Record<string, Catalogue>;
export type Language = keyof typeof catalogues;
export const languages = Object.keys(catalogues) as Language[];
export const DEFAULT_LANGUAGE: Language = 'en';

/**
 * A minimal lookup for places without i18next (the CLI): dotted key, `{{name}}` parameters, the key
 * itself when missing so nothing is silently blank.
 */
export function translate(
  key: string,
  params: Record<string, string | number> = {},
  language: Language = 'en',
): string {
  const lookup = (path: string): unknown => {
    let node: unknown = catalogues[language];
    for (const part of path.split('.'))
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
    return node;
  };
  let node = lookup(key);
  // Plural keys, as i18next names them (English and Danish: one and other).
  if (node === undefined && typeof params.count === 'number')
    node = lookup(`${key}_${params.count === 1 ? 'one' : 'other'}`);
  if (typeof node !== 'string') return key;
  return node.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => String(params[name] ?? `{{${name}}}`));
}
