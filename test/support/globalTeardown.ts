export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __govgraphTestServer?: { stop(): Promise<void> } }).__govgraphTestServer;
  await server?.stop();
}
