export { QLearner, type QLearnerSnapshot, type ModelPairSnapshot } from './qlearner.js';
export { type QLearnerOptions, type QLearnerConfig, type ModelKind, type PlanningKind, type RewardModelKind, DEFAULT_OPTIONS, LEARNER_OPTION_SPECS } from './config.js';
export { ExogenousModel } from './exogenous-model.js';
export { PairModel } from './pair-model.js';
export { CountsModel } from './counts-model.js';
export { LastModel } from './last-model.js';
export type { PlanningModel, PlanningContext } from './planning.js';
export { Rng, type RngState } from './rng.js';
export { learnerToJson, learnerFromJson, saveLearner, loadLearner } from './snapshot.js';
