import { justificationProblem, normaliseJustification } from '../../policies';
import type { GatewayContext } from '../context';
import { gatewayError } from '../errors';

/**
 * X-Break-Glass as `context.breakGlass`, or undefined when the header is absent. HTTP header values are
 * bytes: a Chinese sentence is sent percent-encoded (`encodeURIComponent`) or as raw UTF-8; both are read.
 * A header that is present but not a justification (policies/breakGlass.ts) refuses the request with
 * BREAK_GLASS_INVALID rather than being ignored: the caller meant to override something.
 */
export function breakGlassOf(header: string | undefined): GatewayContext['breakGlass'] {
  if (header === undefined) return undefined;
  const text = decodedHeader(header);
  const problem = text === undefined ? 'it is not valid UTF-8 text' : justificationProblem(text);
  if (problem !== undefined || text === undefined) {
    throw gatewayError('BREAK_GLASS_INVALID', `X-Break-Glass is not a justification: ${problem}. State in a sentence why this request must exceed its limit.`);
  }
  return { justification: normaliseJustification(text), exceeded: [] };
}

function decodedHeader(header: string): string | undefined {
  let text = header;
  if (/%[0-9A-Fa-f]{2}/.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      return undefined;
    }
  } else if (/[\u0080-\u00ff]/.test(text)) {
    // Node reads header bytes as latin1: raw UTF-8 is decoded again, and must decode cleanly.
    text = Buffer.from(text, 'latin1').toString('utf8');
  }
  return text.includes('\ufffd') ? undefined : text;
}

/**
 * A check that break-glass may override (case scope, budgets — never a denied field): with a justification
 * the request goes on and the refusal's code is noted as overridden; without one, the refusal stands.
 */
export function overrideOrRefuse(context: Pick<GatewayContext, 'breakGlass'>, refusal: Error & { extensions: { code?: unknown } }): void {
  const code = String(refusal.extensions.code);
  if (!context.breakGlass) throw refusal;
  if (!context.breakGlass.exceeded.includes(code)) context.breakGlass.exceeded.push(code);
}
