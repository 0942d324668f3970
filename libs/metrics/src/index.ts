export * from './metrics.port';
export * from './metrics.module';
export { PrometheusMetrics } from './adapters/prometheus-metrics';
