/** Zero-width, bidi-control and BOM characters: invisible, or able to reorder the text around them. */
export const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** The character as a visible escape, `\u202e`, so a right-to-left override cannot disguise a value. */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
