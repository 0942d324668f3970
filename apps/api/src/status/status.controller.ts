import { Controller, Get, Inject } from '@nestjs/common';
import { CONFIG, type Config } from '@ragline/config';
import { AugmentService } from '@ragline/retrieval';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '@ragline/catalog';
import { LibraryAccess } from '../libraries/library-access';
import { LibraryViewService } from '../libraries/library-view.service';

/** The `default` library at a glance, and which optional features are on (the web page's view). */
@Controller('v1/status')
export class StatusController {
  constructor(
    private readonly libraries: LibraryAccess,
    private readonly views: LibraryViewService,
    private readonly augmentation: AugmentService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get()
  @RequireScope('query', 'ingest')
  async get(@CurrentCaller() caller: Caller) {
    const detail = await this.views.detail(await this.libraries.resolve(caller, undefined));
    return {
      library: detail.name,
      ...detail,
      features: {
        generator: this.config.GENERATOR,
        rerank: this.config.COHERE_API_KEY !== undefined,
        templates: this.augmentation.templates.names(),
      },
    };
  }
}
