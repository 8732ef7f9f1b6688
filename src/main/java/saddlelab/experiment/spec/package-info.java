/**
 * What to run: the experiment spec read strictly from JSON ({@link saddlelab.experiment.spec.ExperimentSpec},
 * {@link saddlelab.experiment.spec.FieldReader}, errors naming their field in
 * {@link saddlelab.experiment.spec.SpecException}), its canonical text ({@link saddlelab.experiment.spec.Json},
 * {@link saddlelab.experiment.spec.NumberText}), and the task data a spec fixes
 * ({@link saddlelab.experiment.spec.Tasks}: the teacher–student and completion costs of paper §2 and §6). The
 * lowest room of experiment/: it knows nothing of runs. A new spec field, or a new task (a cost and its data),
 * starts here.
 */
package saddlelab.experiment.spec;
