export function electronBinaryPath(root?: string, env?: NodeJS.ProcessEnv): string | null;
export const NO_ELECTRON_REASON: string;
