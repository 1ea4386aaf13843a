export { QLearner } from './qlearner.js';
export { type QLearnerOptions, type ModelKind, type PlanningKind, type RewardModelKind, LEARNER_OPTION_SPECS } from './config.js';
export { CountsModel } from './counts-model.js';
export { Rng } from './rng.js';
export { learnerToJson, learnerFromJson, saveLearner, loadLearner } from './snapshot.js';
export { FactoredModel, transitionRows, type FactoredModelData } from './factored-model.js';
export { cellEstimates, shrinkageEstimate, type CellEstimates } from './shrinkage.js';
