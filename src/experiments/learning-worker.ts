import { serveTasks } from '../jobs/serve.js';
import { runLearningTask, type LearningTask } from './learning-tasks.js';

/** The worker thread of the learning benchmark's pool: built-in learners only, so nothing is hardened here. */
serveTasks((task: LearningTask) => runLearningTask(task), (task) => `the learning benchmark's ${task.kind} task`);
