import { lstatSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { basename, extname, isAbsolute, join, relative, sep } from 'node:path';

/**
 * Collectors analysts already run (Microsoft-Extractor-Suite's `Output/`, Hawk's investigation folder) leave
 * a tree of exports. Importing a folder walks it within these bounds and hands every CSV or JSON file to the
 * importer; everything else is listed with the reason it was not read.
 */
export interface FolderLimits {
  /** Folders below the one given that are searched. */
  maxDepth: number;
  /** Files handed to the importer from one folder given. */
  maxFiles: number;
  /** A single file larger than this is skipped. */
  maxFileBytes: number;
  /** Files are taken, in name order, while their total stays under this. */
  maxTotalBytes: number;
}

export const FOLDER_LIMITS: FolderLimits = {
  maxDepth: 8,
  maxFiles: 2000,
  maxFileBytes: 8 * 1024 ** 3,
  maxTotalBytes: 64 * 1024 ** 3,
};

/** The extensions of the files exports come in: CSV, JSON documents and JSON Lines. */
const READ = new Set(['.csv', '.json', '.jsonl', '.ndjson']);

export interface ImportCandidate {
  path: string;
  /** How to name the file to the analyst: its path below the folder given (with that folder's name), else the path. */
  shown: string;
  /** Found by walking a folder (so a file of another kind is skipped, not an error). */
  fromFolder: boolean;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface ExpandedPaths {
  files: ImportCandidate[];
  skipped: SkippedFile[];
}

/** A size as people read it: 2 KiB, 8 GiB. */
function readable(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Math.round(value * 10) / 10} ${units[unit]}`;
}

/**
 * The files to import for the paths given: a file as itself; a folder as the CSV and JSON files below it
 * (regular files only, no symbolic link followed, at most `maxDepth` folders down, hidden entries left out),
 * in name order. Where a collector wrote the same data twice (`X.csv` beside `X.json`, as Hawk does), the JSON
 * is read: it keeps the lists that CSV flattens to a type name. A path that is not absolute, or neither a
 * file nor a folder, comes back as `unreadable` for the caller to name.
 */
export function expandImportPaths(
  paths: readonly string[],
  limits: FolderLimits = FOLDER_LIMITS,
): ExpandedPaths | { unreadable: string } {
  const files: ImportCandidate[] = [];
  const skipped: SkippedFile[] = [];
  for (const path of paths) {
    let kind: 'file' | 'folder' | null;
    try {
      // A path given by the analyst is followed even when it is a link; links inside a folder are not.
      const stats = isAbsolute(path) ? statSync(path) : null;
      kind = stats?.isFile() ? 'file' : stats?.isDirectory() ? 'folder' : null;
    } catch {
      kind = null;
    }
    if (kind === null) return { unreadable: path };
    if (kind === 'file') files.push({ path, shown: path, fromFolder: false });
    else walkFolder(path, limits, files, skipped);
  }
  return { files, skipped };
}

/** What a folder's "not read" list names one by one, and how many entries a walk looks at in all. */
const MAX_SKIPPED_LISTED = 500;
const MAX_ENTRIES_SEEN = 100_000;

function walkFolder(root: string, limits: FolderLimits, files: ImportCandidate[], skipped: SkippedFile[]): void {
  const shown = (path: string) => [basename(root), ...relative(root, path).split(sep)].join('/');
  const found: ImportCandidate[] = [];
  let total = 0;
  // A received folder may hold anything: the list of what was not read is bounded too, the rest counted.
  let unlisted = 0;
  let seen = 0;
  const listedBefore = skipped.length;
  const skip = (item: SkippedFile) => {
    if (skipped.length - listedBefore < MAX_SKIPPED_LISTED) skipped.push(item);
    else unlisted++;
  };
  const visit = (dir: string, depth: number) => {
    if (seen > MAX_ENTRIES_SEEN) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      skip({ file: `${shown(dir)}/`, reason: `the folder cannot be read: ${(error as Error).message}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (++seen > MAX_ENTRIES_SEEN) {
        skip({
          file: `${shown(dir)}/`,
          reason: `more than ${MAX_ENTRIES_SEEN} entries in the folder: the rest not searched`,
        });
        return;
      }
      const path = join(dir, entry.name);
      const name = shown(path);
      if (entry.name.startsWith('.')) {
        skip({ file: entry.isDirectory() ? `${name}/` : name, reason: 'hidden: not read' });
      } else if (entry.isSymbolicLink()) {
        skip({ file: name, reason: 'a symbolic link: not followed' });
      } else if (entry.isDirectory()) {
        if (depth >= limits.maxDepth)
          skip({ file: `${name}/`, reason: `more than ${limits.maxDepth} folders down: not searched` });
        else visit(path, depth + 1);
      } else if (!entry.isFile()) {
        skip({ file: name, reason: 'not a regular file' });
      } else if (!READ.has(extname(entry.name).toLowerCase())) {
        skip({ file: name, reason: 'not a CSV or JSON file' });
      } else {
        let size: number;
        try {
          size = lstatSync(path).size;
        } catch (error) {
          skip({ file: name, reason: `cannot be read: ${(error as Error).message}` });
          continue;
        }
        if (size > limits.maxFileBytes)
          skip({
            file: name,
            reason: `${readable(size)}, larger than the ${readable(limits.maxFileBytes)} read from a folder: import it on its own`,
          });
        else if (found.length >= limits.maxFiles)
          skip({
            file: name,
            reason: `more than ${limits.maxFiles} files in the folder: import a smaller folder`,
          });
        else if (total + size > limits.maxTotalBytes)
          skip({
            file: name,
            reason: `the folder's files pass ${readable(limits.maxTotalBytes)} together: import a smaller folder`,
          });
        else {
          total += size;
          found.push({ path, shown: name, fromFolder: true });
        }
      }
    }
  };
  visit(root, 0);
  const paths = new Set(found.map((f) => f.path));
  for (const candidate of found) {
    const twin = candidate.path.replace(/\.csv$/i, '.json');
    if (twin !== candidate.path && paths.has(twin))
      skip({
        file: candidate.shown,
        reason: `the same records are read from ${basename(twin)} beside it (JSON keeps the lists CSV flattens)`,
      });
    else files.push(candidate);
  }
  if (unlisted > 0) skipped.push({ file: '…', reason: `${unlisted} more not read (not listed one by one)` });
}
