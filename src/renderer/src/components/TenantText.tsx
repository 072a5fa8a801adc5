import { showInvisible } from '../../../shared/invisible.ts';

/**
 * A string from the tenant (a rule name, a subject, a user agent): rendered as text by React, its
 * invisible and direction-changing characters made visible, and isolated (<bdi>) so whatever direction it
 * has cannot reorder the sentence around it.
 */
export function TenantText({ text }: Readonly<{ text: string | null | undefined }>) {
  if (!text) return null;
  return <bdi>{showInvisible(text)}</bdi>;
}
