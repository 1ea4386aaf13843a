export * from './models.js';
export * from './broker.js';
export * from './execute.js';
