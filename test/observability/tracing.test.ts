import { tracesExporterOf, startTracing, tracingOn } from '@govgraph/observability';
import { pipelineSpansPlugin, tracedPlugin } from '../../gateway/observability/tracedPlugin';

describe('tracing is off unless the environment asks for it', () => {
  test('which exporter OTEL_* selects', () => {
    expect(tracesExporterOf({})).toBe('none');
    expect(tracesExporterOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe('otlp');
    expect(tracesExporterOf({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe('otlp');
    expect(tracesExporterOf({ OTEL_TRACES_EXPORTER: 'console' })).toBe('console');
    // `none` wins over an endpoint set for some other signal.
    expect(tracesExporterOf({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe('none');
  });

  test('off, nothing is registered and the pipeline is not wrapped: no hook, no span, no cost', () => {
    expect(startTracing({ serviceName: 'govgraph-test', env: {} })).toBeUndefined();
    expect(tracingOn()).toBe(false);
    const plugin = { async requestDidStart() {} };
    expect(tracedPlugin('decide', plugin)).toBe(plugin);
    expect(pipelineSpansPlugin()).toEqual({});
  });
});
