import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useGlobalKey } from '../lib/global-key.ts';
import { translateKey } from '../lib/messages.ts';

/** Every keyboard shortcut in one place, opened with "?" from anywhere (or the header button). */
export function ShortcutsHelp() {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  useGlobalKey('?', () => {
    if (!dialog.current?.open) dialog.current?.showModal();
  });
  const groups = [
    [
      'anywhere',
      [
        ['?', 'help'],
        ['/', 'search'],
      ],
    ],
    [
      'timeline',
      [
        ['↑ ↓ / J K', 'move'],
        ['PageUp PageDown', 'page'],
        ['Home End', 'ends'],
        ['S', 'pin'],
        ['N', 'note'],
      ],
    ],
    [
      'checklist',
      [
        ['↑ ↓ / J K', 'move'],
        ['A', 'accept'],
        ['D', 'done'],
        ['P', 'progress'],
        ['T', 'todo'],
        ['N', 'na'],
        ['W', 'waive'],
        ['E', 'evidence'],
      ],
    ],
  ] as const;

  return (
    <>
      <button type="button" className="link" aria-keyshortcuts="?" onClick={() => dialog.current?.showModal()}>
        {t('shortcuts.open')}
      </button>
      <dialog ref={dialog} aria-labelledby="shortcuts-title" className="shortcuts" data-testid="shortcuts">
        <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
        {groups.map(([group, keys]) => (
          <section key={group} aria-labelledby={`shortcuts-${group}`}>
            <h3 id={`shortcuts-${group}`}>{t(`shortcuts.groups.${group}`)}</h3>
            <dl>
              {keys.map(([key, what]) => (
                <div key={what}>
                  <dt>
                    <kbd>{key}</kbd>
                  </dt>
                  <dd>{translateKey(t, `shortcuts.${group}.${what}`)}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        <form method="dialog">
          <button type="submit" className="primary" autoFocus>
            {t('shortcuts.close')}
          </button>
        </form>
      </dialog>
    </>
  );
}
