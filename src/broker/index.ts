export * from './models.js';
export * from './broker.js';
export * from './execute.js';
export * from './sizing.js';
export * from './setup.js';
