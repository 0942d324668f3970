import { Module } from '@nestjs/common';
import { QueueModule } from '@ragline/queue';
import { RegistryModule } from '@ragline/registry';
import { IntakeService } from './intake.service';

/** Intake of document changes, shared by the HTTP API and every other entry point. */
@Module({
  imports: [RegistryModule, QueueModule],
  providers: [IntakeService],
  exports: [IntakeService, RegistryModule, QueueModule],
})
export class IntakeModule {}
