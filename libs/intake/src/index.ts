export * from './intake.types';
export * from './intake.service';
export * from './intake.module';
