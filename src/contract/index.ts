export * from './common';
export * from './errors';
export * from './feedback';
export * from './headers';
