import { isResponse } from '../auth.ts';
import { badRequest, graphError } from '../errors.ts';
import { serveCollection } from '../odata/collection.ts';
import { noContent, userOf, type GraphRoute } from '../route.ts';

const READ = ['UserAuthenticationMethod.Read.All', 'UserAuthenticationMethod.ReadWrite.All'];
const WRITE = ['UserAuthenticationMethod.ReadWrite.All'];

/** Per-type delete paths and the @odata.type each one removes. */
const TYPES: Record<string, string> = {
  phoneMethods: '#microsoft.graph.phoneAuthenticationMethod',
  microsoftAuthenticatorMethods: '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
  fido2Methods: '#microsoft.graph.fido2AuthenticationMethod',
  emailMethods: '#microsoft.graph.emailAuthenticationMethod',
  softwareOathMethods: '#microsoft.graph.softwareOathAuthenticationMethod',
  windowsHelloForBusinessMethods: '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod',
  temporaryAccessPassMethods: '#microsoft.graph.temporaryAccessPassAuthenticationMethod',
};
const MOBILE = '3179e48a-750b-4051-897c-87b9720928f7';
const ALTERNATE_MOBILE = 'b6332ec1-7057-4abe-9331-3d72feddfe41';

export const authMethodRoutes: GraphRoute[] = [
  {
    method: 'GET',
    path: '/users/:id/authentication/methods',
    permissions: READ,
    service: 'directory',
    handler: (req, ctx) => {
      const user = userOf(req, ctx);
      if (isResponse(user)) return user;
      // "This method does not support optional query parameters": they are refused, not ignored.
      const option = [...req.url.searchParams.keys()].find((k) => k.startsWith('$'));
      if (option) return badRequest(req, `Query option '${option}' is not supported.`);
      return serveCollection(req, ctx, user.authenticationMethods, {
        context: `users('${String(user.user.id)}')/authentication/methods`,
        defaultTop: 1000,
        maxTop: 1000,
      });
    },
  },
  {
    method: 'DELETE',
    path: '/users/:id/authentication/:type/:methodId',
    permissions: WRITE,
    service: 'directory',
    handler: (req, ctx) => {
      const user = userOf(req, ctx);
      if (isResponse(user)) return user;
      const odataType = TYPES[req.params.type ?? ''];
      if (!odataType)
        return graphError(req, 400, 'BadRequest', `Resource not found for the segment '${req.params.type}'.`);
      const methods = user.authenticationMethods;
      const method = methods.find((m) => m.id === req.params.methodId && m['@odata.type'] === odataType);
      if (!method) return graphError(req, 404, 'itemNotFound', 'The requested authentication method was not found.');
      if (method.isDefault === true)
        return badRequest(req, "The user's default authentication method cannot be deleted.", 'invalidRequest');
      if (method.id === MOBILE && methods.some((m) => m.id === ALTERNATE_MOBILE)) {
        return badRequest(
          req,
          'The mobile phone method cannot be deleted while an alternate mobile phone method exists.',
          'invalidRequest',
        );
      }
      ctx.state.remove(methods, (m) => m === method);
      return noContent;
    },
  },
];
