import { runJob, TableCache, type JobResult, type JobSpec } from './job.js';

/** The worker thread of the local pool: one table cache per thread, so each loads its data once. */
const cache = new TableCache();

export default function run(job: JobSpec): Promise<JobResult> {
  return runJob(job, cache);
}
