import type {
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
  GatewayLoadResult,
  GatewaySchemaLoadOrUpdateCallback,
} from '@apollo/server-gateway-interface';
import type { GatewayContext } from '../context';
import { limitError } from './limitErrors';
import type { OperationLimits } from './operationLimits';

/**
 * The executor with two bounds no validation rule can check: a deadline for the whole operation (from its
 * arrival; each subgraph fetch is capped at the time left, gateway/subgraphDataSource.ts) and a cap on the
 * answer's serialised size. Either refusal replaces the whole answer: no data leaves, and the audit plugin
 * records the refusal like any other outcome.
 */
export class BoundedGateway implements GatewayInterface {
  constructor(
    private readonly inner: GatewayInterface,
    private readonly limits: Pick<OperationLimits, 'requestTimeoutMs' | 'maxResponseBytes'>,
  ) {}

  async load(options: Parameters<GatewayInterface['load']>[0]): Promise<GatewayLoadResult> {
    const { executor } = await this.inner.load(options);
    if (!executor) return { executor };
    return { executor: (requestContext) => this.execute(executor, requestContext) };
  }

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback) {
    return this.inner.onSchemaLoadOrUpdate(callback);
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }

  private async execute(executor: GatewayExecutor, requestContext: GatewayGraphQLRequestContext) {
    const context = requestContext.context as Partial<GatewayContext>;
    const { requestTimeoutMs, maxResponseBytes } = this.limits;
    const deadline = (context.receivedAt?.getTime() ?? Date.now()) + requestTimeoutMs;
    context.deadline = deadline;
    const timedOut = () =>
      limitError('REQUEST_TIMEOUT', `The operation did not complete within ${requestTimeoutMs} ms; no data was returned.`, { limit: requestTimeoutMs });
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw timedOut();

    let timer: NodeJS.Timeout | undefined;
    const deadlinePassed = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(timedOut()), remaining);
    });
    let result: Awaited<ReturnType<GatewayExecutor>>;
    const running = executor(requestContext);
    // Past the deadline the fetches still in flight abort at it too; their late failure is nobody's to hear.
    running.catch(() => undefined);
    try {
      result = await Promise.race([running, deadlinePassed]);
    } finally {
      clearTimeout(timer);
    }
    // Fetches are cut at the deadline too (gateway/subgraphDataSource.ts): an answer that came back only
    // then is missing what they would have brought, so it is the deadline's refusal, not a partial answer.
    if (Date.now() >= deadline) throw timedOut();

    const bytes = Buffer.byteLength(JSON.stringify(result), 'utf8');
    context.answerSize = { data: result.data, bytes };
    if (bytes > maxResponseBytes) {
      throw limitError('RESPONSE_TOO_LARGE', `The answer would be ${bytes} bytes; at most ${maxResponseBytes} may leave. Ask smaller pages or fewer fields.`, {
        limit: maxResponseBytes,
        measured: bytes,
      });
    }
    return result;
  }
}
