/**
 * One run of a spec: its life from θ0 to its end ({@link saddlelab.experiment.run.Run}), the loop that
 * steps it ({@link saddlelab.experiment.run.DescentLoop} over a {@link saddlelab.engine.Stepper}, or
 * {@link saddlelab.experiment.run.FlowLoop}), what each record measures ({@link saddlelab.experiment.run.Records},
 * laid out by {@link saddlelab.experiment.run.Trace}, escaped directions by
 * {@link saddlelab.experiment.run.EscapedDirections}), how it ends ({@link saddlelab.experiment.run.RunStatus},
 * {@link saddlelab.experiment.run.RunDiagnosis}, {@link saddlelab.experiment.run.LossWatch},
 * {@link saddlelab.experiment.run.SafeLearningRate}), what it may cost ({@link saddlelab.experiment.run.Budget})
 * and a run read back from its document ({@link saddlelab.experiment.run.RunView}). Uses the spec room only. A
 * new optimizer plugs in here, as a stepper the descent loop drives (or a {@link saddlelab.experiment.run.Loop}).
 */
package saddlelab.experiment.run;
