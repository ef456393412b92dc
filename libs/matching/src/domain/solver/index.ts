/**
 * The assignment solver: pure TypeScript on typed arrays (no framework, no database), importable
 * by the matching services, the simulation and the benchmark alike.
 */
export { buildAdjacency, type Adjacency } from './adjacency.js';
export { firstComeFirstServed } from './baseline.js';
export { checkCertificate, type CertificateCheck, type Duals } from './certificate.js';
export {
  assertValidInstance,
  formatProblem,
  InvalidInstanceError,
  MAX_WEIGHT,
  validateInstance,
  type Assignment,
  type AssignmentInstance,
  type InstanceProblem,
  type ValidateOptions,
} from './instance.js';
export {
  composePriorityWeight,
  MAX_FIT,
  MAX_PRIORITY_CHILDREN,
  MAX_WAITING_DAYS,
  priorityRank,
  priorityStep,
  URGENCY_TIER,
  type ChildPriority,
  type UrgencyTier,
} from './priority.js';
export { solveAssignment, type AssignmentResult, type SolverStats } from './solver.js';
