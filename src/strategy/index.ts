export * from './contract.js';
export { DayCursor } from './day.js';
