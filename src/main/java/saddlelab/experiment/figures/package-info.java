/**
 * The paper's figures as presets: the configurations each figure runs
 * ({@link saddlelab.experiment.figures.Presets}), the claims checked on their runs
 * ({@link saddlelab.experiment.figures.PresetChecks}), the summary across configurations
 * ({@link saddlelab.experiment.figures.Summary}), one-field sweeps ({@link saddlelab.experiment.figures.Sweep}) and
 * the benchmark's cases ({@link saddlelab.experiment.figures.BenchCases}). Uses the rooms below it.
 */
package saddlelab.experiment.figures;
