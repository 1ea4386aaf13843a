export { QLearner, type QLearnerSnapshot, type ModelPairSnapshot } from './qlearner.js';
export { type QLearnerOptions, type QLearnerConfig, type ModelKind, type PlanningKind, DEFAULT_OPTIONS } from './config.js';
export { TransitionModel } from './model.js';
export { Rng, type RngState } from './rng.js';
export { learnerToJson, learnerFromJson, saveLearner, loadLearner } from './snapshot.js';
