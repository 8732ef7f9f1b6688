/**
 * What a run, or a set of runs, shows: the saddles it visited ({@link saddlelab.experiment.readings.Saddles},
 * paper §5.2–5.3), the escape speed ({@link saddlelab.experiment.readings.Escape}, §5.1), the greedy low-rank
 * algorithm it is compared with ({@link saddlelab.experiment.readings.Greedy}, Algorithm 1), the geometry of
 * the initialization ({@link saddlelab.experiment.readings.Geometry}), and the analyses that run several specs
 * ({@link saddlelab.experiment.readings.Analyses}) with their sentences
 * ({@link saddlelab.experiment.readings.AnalysisText}). Uses the spec and run rooms. A new baseline a run is
 * measured against (another algorithm's answer) belongs here.
 */
package saddlelab.experiment.readings;
