/**
 * What the gateway knows about one request, built before execution and passed to every subgraph
 * fetch. Identity, purpose and the decisions taken for the request join it in later steps.
 */
export interface GatewayContext {
  requestId: string;
}
