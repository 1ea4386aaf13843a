import { runLearningTask, type LearningTask, type LearningTaskResult } from './learning-tasks.js';

/** The worker thread of the learning benchmark's pool. */
export default function run(task: LearningTask): Promise<LearningTaskResult> {
  return runLearningTask(task);
}
