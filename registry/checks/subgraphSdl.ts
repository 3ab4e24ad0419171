import { Kind, parse, type DocumentNode } from 'graphql';
import { PRIVACY_SDL } from '../../subgraphs/kit/loadSchema';

/** An SDL the registry could not parse: the message names the line and column, never more. */
export class SdlSyntaxError extends Error {
  override name = 'SdlSyntaxError';
}

/** Largest SDL a publish may carry (characters). */
export const MAX_SDL_LENGTH = 500_000;

/**
 * The subgraph SDL as the registry stores and composes it. An agency may publish its `schema.graphql`
 * as it keeps it (the five agencies do: subgraphs/kit/loadSchema.ts adds the privacy contract when it
 * serves), so the shared privacy contract is put in front when the SDL does not define `@sensitive`.
 */
export function normaliseSubgraphSdl(sdl: string): { sdl: string; document: DocumentNode } {
  if (sdl.length > MAX_SDL_LENGTH) throw new SdlSyntaxError(`the SDL is ${sdl.length} characters; at most ${MAX_SDL_LENGTH} are accepted`);
  const document = parseSdl(sdl);
  const definesPrivacy = document.definitions.some(
    (definition) => definition.kind === Kind.DIRECTIVE_DEFINITION && definition.name.value === 'sensitive',
  );
  if (definesPrivacy) return { sdl, document };
  const withPrivacy = `${PRIVACY_SDL}\n${sdl}`;
  return { sdl: withPrivacy, document: parseSdl(withPrivacy) };
}

function parseSdl(sdl: string): DocumentNode {
  try {
    return parse(sdl, { noLocation: false });
  } catch (error) {
    throw new SdlSyntaxError(`the SDL does not parse: ${(error as Error).message.split('\n')[0]}`);
  }
}
