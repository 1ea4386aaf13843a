export * from './models.js';
export * from './execute.js';
export * from './orders.js';
export * from './broker.js';
export * from './batch.js';
export * from './sizing.js';
export * from './setup.js';
