import type { NodeSDK } from '@opentelemetry/sdk-node';

/**
 * OpenTelemetry tracing of HTTP, Express and pg, on when OTEL_EXPORTER_OTLP_ENDPOINT (or its traces-only twin)
 * is set; the exporter follows the standard OTEL_* variables (protocol, headers, service name). Entry points
 * import this module first, since instrumentation must patch http, express and pg before they are loaded.
 * It reads process.env itself for that reason: config.ts comes later. When unset, not one OpenTelemetry module
 * is loaded and requests pay nothing.
 */
function startTracing(): NodeSDK | undefined {
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT && !process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return undefined;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on, and synchronously: the
     instrumentation must patch http, express and pg before the entry point loads them, and import() resolves later */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } =
    require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME || 'partnerweb',
    instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation(), new PgInstrumentation()],
  });
  sdk.start();
  return sdk;
}

export const tracing = startTracing();

/** Sends the spans still buffered; called when the process stops. */
export async function stopTracing(): Promise<void> {
  await tracing?.shutdown().catch(() => undefined);
}
