import { z } from 'zod';

/**
 * A file path on the machine main runs on, given through the API. It must be absolute: a relative one would
 * resolve against the server's working directory, which the caller (a browser tab, the renderer) cannot see or
 * choose; the CLI resolves its arguments against the shell's directory before calling. POSIX `/…`, Windows
 * `C:\…` or `C:/…`, or a UNC share `\\server\share`. No NUL: the file system would cut the path there.
 */
const ABSOLUTE = /^(?:\/|[A-Za-z]:[\\/]|\\\\[^\\])/;

export const AbsolutePath = z
  .string()
  .trim()
  .min(1)
  .max(4096)
  .refine((path) => ABSOLUTE.test(path) && !path.includes('\0'), { error: 'validation.absolutePath' });
