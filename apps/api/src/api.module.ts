import { DynamicModule, Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import {
  API_KEY_STORE,
  CatalogModule,
  LibraryProvisioner,
  type ApiKeyStore,
} from '@ragline/catalog';
import { CONFIG, ConfigModule, type Config } from '@ragline/config';
import { GeneratorsModule } from '@ragline/generators';
import { IntakeModule } from '@ragline/intake';
import { loggerModule } from '@ragline/logging';
import { MetricsModule } from '@ragline/metrics';
import { RetrievalModule } from '@ragline/retrieval';
import { ReindexModule } from '@ragline/reindex';
import { SourcesModule } from '@ragline/sources';
import { VectorStoreModule } from '@ragline/vector-store';
import { ApiKeyAuthenticator } from '@ragline/catalog';
import { AuthGuard } from './auth/auth.guard';
import { AugmentController } from './augment/augment.controller';
import { DocumentsController } from './documents/documents.controller';
import { EventsController } from './events/events.controller';
import { HealthController } from './health/health.controller';
import { Readiness } from './health/readiness';
import { KeysController } from './keys/keys.controller';
import { LibrariesController } from './libraries/libraries.controller';
import { LibraryAccess } from './libraries/library-access';
import { LibraryViewService } from './libraries/library-view.service';
import { MetricsController } from './metrics/metrics.controller';
import { QueueGauges } from './metrics/queue-gauges.service';
import { QueryController } from './query/query.controller';
import { ReindexController } from './reindex/reindex.controller';
import { SourcesController } from './sources/sources.controller';
import { WebhooksController } from './webhooks/webhooks.controller';
import { StatusController } from './status/status.controller';
import { WebController } from './web/web.controller';

/** The HTTP service: libraries and keys, intake of document changes, their status, and queries. */
@Module({})
export class ApiModule implements OnModuleInit {
  private readonly logger = new Logger('ragline');

  constructor(
    private readonly provisioner: LibraryProvisioner,
    private readonly authenticator: ApiKeyAuthenticator,
    @Inject(API_KEY_STORE) private readonly keys: ApiKeyStore,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  static forRoot(config: Config, role: 'api' | 'standalone' = 'api'): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        loggerModule(config, { logRequests: true }),
        MetricsModule.forRole(role),
        CatalogModule,
        IntakeModule,
        RetrievalModule,
        VectorStoreModule,
        SourcesModule,
        ReindexModule,
        GeneratorsModule,
      ],
      controllers: [
        LibrariesController,
        KeysController,
        DocumentsController,
        EventsController,
        QueryController,
        AugmentController,
        SourcesController,
        ReindexController,
        WebhooksController,
        StatusController,
        HealthController,
        MetricsController,
        WebController,
      ],
      providers: [
        LibraryAccess,
        LibraryViewService,
        Readiness,
        QueueGauges,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }

  /** The `default` library exists from the first start: the round-1 routes are its routes. */
  async onModuleInit(): Promise<void> {
    await this.provisioner.ensureDefault();
    if (!this.authenticator.required) {
      this.logger.log(
        'authentication off (loopback only): set RAGLINE_ADMIN_KEY or AUTH=required to require API keys',
      );
      return;
    }
    this.logger.log('authentication on: every /v1 route needs "Authorization: Bearer <key>"');
    if (this.config.RAGLINE_ADMIN_KEY === undefined && (await this.keys.list()).length === 0) {
      this.logger.warn(
        'no API key exists yet and RAGLINE_ADMIN_KEY is unset: every request will be refused; create one with `npm run ragline -- keys create --tenant default --scopes admin`',
      );
    }
  }
}
