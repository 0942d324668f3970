import { Module } from '@nestjs/common';
import { CONFIG } from '@ragline/config';
import { createGenerator } from './create-generator';
import { GENERATOR } from './generator.port';

/** Provides GENERATOR: a Generator, or `null` when none is configured (useFactory cannot give undefined). */
@Module({
  providers: [
    {
      provide: GENERATOR,
      inject: [CONFIG],
      useFactory: createGeneratorOrNull,
    },
  ],
  exports: [GENERATOR],
})
export class GeneratorsModule {}

function createGeneratorOrNull(config: Parameters<typeof createGenerator>[0]) {
  return createGenerator(config) ?? null;
}
