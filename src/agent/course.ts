import { TradingEnv, NUM_POSITIONS } from '../env/trading-env.js';
import { QLearner } from '../learner/index.js';
import type { Discretizer } from '../states/index.js';
import type { TrainingSummary } from '../strategy/contract.js';
import { TradingAgent, type TrainedOn } from './agent.js';
import type { DynaQSettings } from './settings.js';

/**
 * The course's Dyna-Q (`--model counts` or `last`), exactly as the course describes it: the agent
 * walks the training window day by day with epsilon-greedy exploration, each day's one real reward
 * updates Q, the model (T_c counts and R, or the last successor) and `dyna` sampled or expected
 * planning updates from it (QLearner.query); epochs repeat the walk until Q or the greedy policy
 * settles. An exploring account that is wiped out ends its epoch (a terminal outcome).
 */

/** Q has converged when an epoch changes no value by more than this share of the largest |Q|. */
const Q_TOLERANCE = 1e-3;

export interface CourseInput {
  readonly env: TradingEnv;
  readonly discretizer: Discretizer;
  /** Market state of every series day (-1 during warm-up). */
  readonly states: Int32Array;
  readonly firstDecision: number;
  readonly settings: DynaQSettings;
  readonly trainedOn: TrainedOn;
  readonly onEpoch?: (epoch: number, maxEpochs: number, greedyReturn: number, planningUpdates: number) => void;
}

export function trainCourse({ env, discretizer, states, firstDecision, settings, trainedOn, onEpoch }: CourseInput): { agent: TradingAgent; summary: TrainingSummary } {
  const learner = new QLearner({
    numStates: discretizer.numStates,
    numActions: NUM_POSITIONS,
    alpha: settings.alpha,
    gamma: settings.gamma,
    rar: settings.rar,
    radr: settings.radr,
    dyna: settings.dyna,
    model: settings.model === 'last' ? 'last' : 'counts',
    planning: settings.planning,
    rewardModel: settings.rewardModel,
    seed: settings.seed,
  });
  const agentOf = () => new TradingAgent({ settings, discretizer, q: learner.qTable(), allowed: null, model: null, facts: {}, trainedOn });
  const visits = new Float64Array(discretizer.numStates);
  const learningCurve: number[] = [];
  let policy: Int32Array = learner.greedyPolicy();
  let previousPolicy: Int32Array = new Int32Array(policy.length);
  const previousQ = new Float64Array(discretizer.numStates * NUM_POSITIONS);
  let unchanged = 0;
  let stoppedBecause = `reached ${settings.epochs} epochs`;
  for (let epoch = 1; epoch <= settings.epochs; epoch++) {
    // one real reward per day along the agent's own (exploring) path
    env.reset();
    let state = discretizer.stateId(states[firstDecision]!, 0);
    let action = learner.querysetstate(state);
    for (let t = firstDecision; t < env.to && !env.wipedOut; t++) {
      visits[state]++;
      const reward = env.step(t, action);
      state = discretizer.stateId(states[t + 1]!, env.positionIndex);
      action = learner.query(state, reward, env.wipedOut);
    }
    learningCurve.push(greedyReturn(agentOf(), states, firstDecision, env));
    onEpoch?.(epoch, settings.epochs, learningCurve[epoch - 1]!, learner.planningUpdates);
    [previousPolicy, policy] = [policy, previousPolicy];
    learner.greedyPolicy(policy);
    unchanged = samePolicy(policy, previousPolicy) ? unchanged + 1 : 0;
    const qChange = learner.copyQInto(previousQ);
    if (epoch < settings.minEpochs) continue;
    if (qChange <= Q_TOLERANCE * maxAbs(previousQ)) {
      stoppedBecause = `Q changed by less than ${Q_TOLERANCE * 100}% of its scale in an epoch`;
      break;
    }
    if (unchanged >= settings.patience) {
      stoppedBecause = `greedy policy unchanged for ${settings.patience} epochs`;
      break;
    }
  }
  const agent = agentOf();
  return {
    agent,
    summary: { epochs: learningCurve.length, stoppedBecause, learningCurve, realSteps: learner.realSteps, planningUpdates: learner.planningUpdates, policy: agent.policy(visits) },
  };
}

/**
 * Cumulative return of the agent's greedy policy over the training window (no learning, no
 * exploration), traded as the strategy trades it, through the broker: the return a backtest of the
 * training window shows.
 */
export function greedyReturn(agent: TradingAgent, states: Int32Array, firstDecision: number, env: TradingEnv): number {
  env.reset();
  agent.begin();
  let cumulativeReturn = 0;
  for (let t = firstDecision; t < env.to && !env.wipedOut; t++) {
    const action = agent.decide(states[t]!, env.positionIndex, env.broker.valueAt(t));
    cumulativeReturn += env.step(t, action);
  }
  agent.begin();
  return cumulativeReturn;
}

function samePolicy(a: Int32Array, b: Int32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function maxAbs(values: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i]!));
  return largest;
}
