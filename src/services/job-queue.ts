/**
 * Where a service hands work to a background job. The job's own module (src/jobs/) holds its
 * name, its data and its handler, and gives the service this one door to it, so services
 * never import the job layer.
 */
export interface JobQueue<T> {
  /** Queues the job to run now (on any worker). Adding the same data again queues nothing more. */
  add(data: T): Promise<void>;
}
