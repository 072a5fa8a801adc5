import type { EmuRequest, EmuResponse } from './types.ts';

export type RouteHandler<C> = (req: EmuRequest, ctx: C) => EmuResponse | Promise<EmuResponse>;

interface Route<C> {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: RouteHandler<C>;
}

/**
 * A request's path for routing: each segment decoded, except that a `/` or `%` inside a segment stays
 * encoded, so an id containing `/` (Outlook's base64 rule ids can) is one segment, and the router decodes
 * it once as a parameter. Undecodable segments are kept as sent.
 */
export function routablePath(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment).replace(/%/g, '%25').replace(/\//g, '%2F');
      } catch {
        return segment;
      }
    })
    .join('/');
}

/**
 * Method + path-template routing (`/v1.0/users/:id`). Graph treats path segments case-insensitively
 * (`mailFolders` = `mailfolders`), so matching does too.
 */
export class Router<C> {
  private readonly routes: Route<C>[] = [];

  add(method: string, template: string, handler: RouteHandler<C>): this {
    const names: string[] = [];
    const source = template
      .split('/')
      .map((segment) => {
        if (segment.startsWith(':')) {
          names.push(segment.slice(1));
          return '([^/]+)';
        }
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`, 'i'), names, handler });
    return this;
  }

  /** The handler for a request, or `methodNotAllowed` when the path exists with another method. */
  match(
    method: string,
    path: string,
  ): { handler: RouteHandler<C>; params: Record<string, string> } | 'methodNotAllowed' | null {
    let pathExists = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      if (route.method !== method) {
        pathExists = true;
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1] ?? '')));
      return { handler: route.handler, params };
    }
    return pathExists ? 'methodNotAllowed' : null;
  }
}
