import { useTranslation } from 'react-i18next';
import { formatLocal } from '../lib/time.ts';

export type TimeProps = Readonly<{ iso: string }>;

/** A point in time: local with offset on screen, UTC on hover and in the markup. */
export function Time({ iso }: TimeProps) {
  const { i18n } = useTranslation();
  return (
    <time dateTime={iso} title={`${iso} (UTC)`}>
      {formatLocal(iso, i18n.language)}
    </time>
  );
}
