import { Time } from './Time.tsx';

export type NotesListProps = Readonly<{
  label: string;
  notes: ReadonlyArray<{ text: string; by: string; at: string; seq: number }>;
}>;

/** Analyst notes (on a checklist item or an event) with who wrote them and when; text only. */
export function NotesList({ label, notes }: NotesListProps) {
  if (notes.length === 0) return null;
  return (
    <ul className="item-notes" aria-label={label}>
      {notes.map((n) => (
        <li key={n.seq}>
          <span className="note">{n.text}</span>{' '}
          <span className="muted">
            — {n.by}, <Time iso={n.at} />
          </span>
        </li>
      ))}
    </ul>
  );
}
