import { Global, Module } from '@nestjs/common';
import { PrometheusMetrics } from './adapters/prometheus-metrics';
import { METRICS } from './metrics.port';

/**
 * The process's metrics (METRICS). Global on purpose: every lib records into the one registry of
 * its process, and threading it through each module's imports would say nothing more.
 */
@Global()
@Module({})
export class MetricsModule {
  static forRole(role: 'api' | 'worker' | 'standalone') {
    return {
      module: MetricsModule,
      providers: [{ provide: METRICS, useValue: new PrometheusMetrics(role) }],
      exports: [METRICS],
    };
  }
}
