import { homedir, hostname, userInfo } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where Clearance keeps its index and case files. One rule for the desktop app, browser mode and the CLI,
 * so a case created in the app is the one `clearance cases list` shows. `CLEARANCE_DATA_DIR` overrides it.
 */
export function resolveDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.CLEARANCE_DATA_DIR) return resolve(env.CLEARANCE_DATA_DIR);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Clearance');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Clearance');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'clearance');
}

/** The analyst as the case log records them until a tenant sign-in names them better. */
export function localActor(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry (some containers): keep "unknown" rather than fail to start.
  }
  return `${user}@${hostname()}`;
}
