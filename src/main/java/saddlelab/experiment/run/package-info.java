/**
 * One run of a spec: the training loop ({@link saddlelab.experiment.run.Run}, whose steps a
 * {@link saddlelab.engine.Stepper} takes), what each record measures ({@link saddlelab.experiment.run.Records},
 * laid out by {@link saddlelab.experiment.run.Trace}, escaped directions by
 * {@link saddlelab.experiment.run.EscapedDirections}), how it ends ({@link saddlelab.experiment.run.RunStatus},
 * {@link saddlelab.experiment.run.RunDiagnosis}, {@link saddlelab.experiment.run.LossWatch},
 * {@link saddlelab.experiment.run.SafeLearningRate}), what it may cost ({@link saddlelab.experiment.run.Budget})
 * and a run read back from its document ({@link saddlelab.experiment.run.RunView}). Uses the spec room only. A
 * new optimizer plugs in here, as a stepper the loop drives.
 */
package saddlelab.experiment.run;
