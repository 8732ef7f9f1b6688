package saddlelab.experiment.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import saddlelab.engine.DetMath;
import saddlelab.engine.OptimizerStepper;
import saddlelab.engine.RecordSchedule;

/**
 * The experiment spec: everything that determines a run (task, network, initialization,
 * optimizer, steps, seeds, records). Immutable; read from JSON by {@link #parse} with strict
 * validation (every message names the field), written back by {@link #toJson} in canonical form
 * (sorted keys, defaults filled in, stable number text), so equal specs have equal text.
 * The JSON form is documented in {@code docs/spec.md}.
 */
public final class ExperimentSpec {
    /** Upper bound on the parameter count P (memory of one worker). */
    public static final int MAX_PARAMETERS = 20_000_000;
    public static final int MAX_WIDTH = 4096;
    public static final int MAX_DEPTH = 32;
    public static final int MAX_DIMENSION = 512;

    /** Task of paper §2.1. */
    public static final class Task {
        public final String type; // "completion" | "teacher" | "sensing"
        // completion and sensing
        public final int rows;
        public final int cols;
        public final int rank;
        public final double observed;
        // teacher
        public final int inputs;
        public final int outputs;
        public final double[] teacherDiagonal; // or null
        public final int teacherRank; // 0 when a diagonal is given
        public final int train;
        public final int test;
        public final double noise;
        /** Data seed; -1 when the data follow the run seed. */
        public final long seed;
        /** Sensing: the number M of Gaussian measurements ⟨Mᵢ, A*⟩ (0 for the other tasks). */
        public final int measurements;
        /** Classification: the number K of classes and the loss ("logistic", "exponential", "crossEntropy"). */
        public final int classes;
        public final String loss;
        /**
         * Completion of data given by value ({@code task.entries}): the matrix row-major, NaN where missing (rows and
         * cols its shape, observed the fraction given, rank 0: unknown); null for a generated task.
         */
        public final double[] entries;
        /** Data given by value: the fraction of the observed entries (or of the samples) held out as the test set. */
        public final double holdout;
        /**
         * Regression or classification on samples given by value ({@code task.samples}): row-major, one row per sample,
         * its {@code inputs} values then its {@code outputs} targets (regression) or its label (classification); null
         * for generated data. {@code train} and {@code test} are then the split's sizes.
         */
        public final double[] samples;

        Task(String type, int rows, int cols, int rank, double observed, int inputs, int outputs,
                double[] teacherDiagonal, int teacherRank, int train, int test, double noise, long seed) {
            this(type, rows, cols, rank, observed, inputs, outputs, teacherDiagonal, teacherRank, train, test, noise, seed, 0);
        }

        Task(String type, int rows, int cols, int rank, double observed, int inputs, int outputs,
                double[] teacherDiagonal, int teacherRank, int train, int test, double noise, long seed, int measurements) {
            this(type, rows, cols, rank, observed, inputs, outputs, teacherDiagonal, teacherRank, train, test, noise, seed,
                    measurements, 0, null);
        }

        Task(String type, int rows, int cols, int rank, double observed, int inputs, int outputs,
                double[] teacherDiagonal, int teacherRank, int train, int test, double noise, long seed, int measurements,
                int classes, String loss) {
            this(type, rows, cols, rank, observed, inputs, outputs, teacherDiagonal, teacherRank, train, test, noise, seed,
                    measurements, classes, loss, null, 0);
        }

        Task(String type, int rows, int cols, int rank, double observed, int inputs, int outputs,
                double[] teacherDiagonal, int teacherRank, int train, int test, double noise, long seed, int measurements,
                int classes, String loss, double[] entries, double holdout) {
            this(type, rows, cols, rank, observed, inputs, outputs, teacherDiagonal, teacherRank, train, test, noise, seed,
                    measurements, classes, loss, entries, holdout, null);
        }

        Task(String type, int rows, int cols, int rank, double observed, int inputs, int outputs,
                double[] teacherDiagonal, int teacherRank, int train, int test, double noise, long seed, int measurements,
                int classes, String loss, double[] entries, double holdout, double[] samples) {
            this.samples = samples;
            this.entries = entries;
            this.holdout = holdout;
            this.classes = classes;
            this.loss = loss;
            this.measurements = measurements;
            this.type = type;
            this.rows = rows;
            this.cols = cols;
            this.rank = rank;
            this.observed = observed;
            this.inputs = inputs;
            this.outputs = outputs;
            this.teacherDiagonal = teacherDiagonal;
            this.teacherRank = teacherRank;
            this.train = train;
            this.test = test;
            this.noise = noise;
            this.seed = seed;
        }

        public boolean isCompletion() {
            return "completion".equals(type);
        }

        public boolean isSensing() {
            return "sensing".equals(type);
        }

        public boolean isClassification() {
            return "classification".equals(type);
        }

        /** Regression on samples given by value (an MSE cost, as the teacher task's). */
        public boolean isRegression() {
            return "regression".equals(type);
        }

        /** A task on a matrix given by its shape (completion, sensing), not by a teacher's inputs and outputs. */
        public boolean isMatrix() {
            return isCompletion() || isSensing();
        }

        /** n_0. */
        public int inputDimension() {
            return isMatrix() ? cols : inputs;
        }

        /** n_L. */
        public int outputDimension() {
            return isMatrix() ? rows : outputs;
        }

        static Task read(Object value) {
            FieldReader r = new FieldReader(value, "task");
            String type = r.string("type", null, "completion", "teacher", "sensing", "classification", "regression");
            long seed = r.integer("seed", 0, 9007199254740991L, -1);
            Task t;
            if (type.equals("completion") && r.has("entries")) {
                t = readEntries(r, seed);
            } else if (type.equals("regression") || type.equals("classification") && r.has("samples")) {
                t = readSamples(r, type, seed);
            } else if (type.equals("completion")) {
                int rows = (int) r.integer("rows", 1, MAX_DIMENSION);
                int cols = (int) r.integer("cols", 1, MAX_DIMENSION);
                int rank = (int) r.integer("rank", 1, Math.min(rows, cols));
                double observed = r.number("observed", 0, 1, true);
                int count = observedCount(rows, cols, observed);
                if (count < 1) {
                    throw new SpecException("task.observed", "observes no entry of a " + rows + "×" + cols
                            + " matrix");
                }
                t = new Task(type, rows, cols, rank, observed, 0, 0, null, 0, 0, 0, 0, seed);
            } else if (type.equals("sensing")) {
                t = readSensing(r, seed);
            } else if (type.equals("classification")) {
                t = readClassification(r, seed);
            } else {
                int inputs = (int) r.integer("inputs", 1, MAX_DIMENSION);
                int outputs = (int) r.integer("outputs", 1, MAX_DIMENSION);
                double[] diagonal = null;
                int teacherRank = 0;
                boolean hasDiagonal = r.has("teacherDiagonal");
                boolean hasRank = r.has("teacherRank");
                if (hasDiagonal == hasRank) {
                    throw new SpecException("task.teacherDiagonal",
                            "give exactly one of teacherDiagonal and teacherRank");
                }
                if (hasDiagonal) {
                    diagonal = readDiagonal(r, Math.min(inputs, outputs));
                } else {
                    if (inputs != outputs) {
                        throw new SpecException("task.teacherRank",
                                "a W0·W0ᵀ teacher is square: inputs must equal outputs");
                    }
                    teacherRank = (int) r.integer("teacherRank", 1, inputs);
                }
                int train = (int) r.integer("train", 1, 100_000);
                int test = (int) r.integer("test", 0, 100_000, 0);
                double noise = r.number("noise", 0, 1e3, false, 0.0);
                t = new Task(type, 0, 0, 0, 0, inputs, outputs, diagonal, teacherRank, train, test, noise, seed);
            }
            r.finish();
            return t;
        }

        /**
         * Sensing: {@code rows × cols}, A* of rank {@code rank} (Gaussian factors, as completion's) or a
         * {@code teacherDiagonal} (Gissin et al.'s diag(12, 6, 4, 3)), M Gaussian measurements, their noise.
         */
        private static Task readSensing(FieldReader r, long seed) {
            int rows = (int) r.integer("rows", 1, MAX_DIMENSION);
            int cols = (int) r.integer("cols", 1, MAX_DIMENSION);
            boolean hasDiagonal = r.has("teacherDiagonal");
            if (hasDiagonal == r.has("rank")) {
                throw new SpecException("task.rank", "give exactly one of rank and teacherDiagonal");
            }
            int rank = 0;
            double[] diagonal = null;
            if (hasDiagonal) {
                diagonal = readDiagonal(r, Math.min(rows, cols));
            } else {
                rank = (int) r.integer("rank", 1, Math.min(rows, cols));
            }
            // the measurement matrices are held whole: M·n·m values (a cap before any budget)
            int measurements = (int) r.integer("measurements", 1, 100_000);
            if ((double) measurements * rows * cols > MAX_SENSING_VALUES) {
                throw new SpecException("task.measurements", measurements + " measurements of a " + rows + "×" + cols
                        + " matrix are " + NumberText.approx((double) measurements * rows * cols, 3) + " values, more than "
                        + NumberText.approx(MAX_SENSING_VALUES, 2) + "; take fewer");
            }
            double noise = r.number("noise", 0, 1e3, false, 0.0);
            return new Task("sensing", rows, cols, rank, 0, 0, 0, diagonal, 0, 0, 0, noise, seed, measurements);
        }

        /**
         * Classification: n₀ Gaussian inputs labelled by a rank-r teacher W* (K × n₀ with Gaussian factors; one
         * row for two classes): the sign of its score for the two-class losses (one output), the argmax of its K
         * scores for cross-entropy (K outputs).
         */
        private static Task readClassification(FieldReader r, long seed) {
            int inputs = (int) r.integer("inputs", 1, MAX_DIMENSION);
            String loss = r.string("loss", null, "logistic", "crossEntropy", "exponential");
            int classes = (int) r.integer("classes", 2, MAX_DIMENSION);
            boolean binary = !loss.equals("crossEntropy");
            if (binary && classes != 2) {
                throw new SpecException("task.classes", "the " + loss + " loss is for two classes (got " + classes
                        + "); use crossEntropy for more");
            }
            int outputs = binary ? 1 : classes;
            int teacherRank = (int) r.integer("teacherRank", 1, Math.min(inputs, outputs));
            int train = (int) r.integer("train", 1, 100_000);
            int test = (int) r.integer("test", 0, 100_000, 0);
            return new Task("classification", 0, 0, 0, 0, inputs, outputs, null, teacherRank, train, test, 0, seed, 0,
                    classes, loss);
        }

        /** {@code teacherDiagonal}: 1 … {@code most} numbers in [−10⁶, 10⁶], each named by its index when it is not. */
        private static double[] readDiagonal(FieldReader r, int most) {
            List<Object> list = r.array("teacherDiagonal", 1, most);
            double[] diagonal = new double[list.size()];
            for (int i = 0; i < diagonal.length; i++) {
                String f = "task.teacherDiagonal[" + i + "]";
                if (!(list.get(i) instanceof Double)) {
                    throw new SpecException(f, "must be a number");
                }
                diagonal[i] = (Double) list.get(i);
                FieldReader.checkRange(f, diagonal[i], -1e6, 1e6, false);
            }
            return diagonal;
        }

        /** The most cells a matrix given by value may have (its entries travel in the spec, and in links). */
        public static final int MAX_DATA_CELLS = 10_000;
        /** The largest size of a value given. */
        public static final double MAX_DATA_VALUE = 1e6;
        /** The largest fraction of the observed entries that may be held out. */
        public static final double MAX_HOLDOUT = 0.9;

        /**
         * Completion of a matrix given by value: {@code entries}, a list of rows, each a list of numbers and nulls
         * (missing), all of one length; every row and column with an observed entry; {@code holdout} in
         * [0, 0.9] (default 0), the fraction of the observed entries held out as the test set, at least one left to
         * train on. No rows, cols, rank or observed (the data give them).
         */
        private static Task readEntries(FieldReader r, long seed) {
            List<Object> rows = r.array("entries", 1, MAX_DIMENSION);
            int cols = -1;
            List<double[]> read = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                String f = "task.entries[" + i + "]";
                if (!(rows.get(i) instanceof List)) {
                    throw new SpecException(f, "must be a list of numbers and nulls (a row of the matrix; got "
                            + FieldReader.got(rows.get(i)) + ")");
                }
                List<?> row = (List<?>) rows.get(i);
                if (cols < 0) {
                    cols = row.size();
                    if (cols < 1 || cols > MAX_DIMENSION) {
                        throw new SpecException(f, "must have 1 to " + MAX_DIMENSION + " cells (has " + cols + ")");
                    }
                    if ((long) rows.size() * cols > MAX_DATA_CELLS) {
                        throw new SpecException("task.entries", "a " + rows.size() + "×" + cols + " matrix has "
                                + (long) rows.size() * cols + " cells; at most " + MAX_DATA_CELLS);
                    }
                } else if (row.size() != cols) {
                    throw new SpecException(f, "has " + row.size() + " cells where row 0 has " + cols
                            + " (every row needs one per column, null where missing)");
                }
                double[] values = new double[cols];
                boolean any = false;
                for (int j = 0; j < cols; j++) {
                    Object v = row.get(j);
                    String fc = f + "[" + j + "]";
                    if (v == null || v == Json.NULL) {
                        values[j] = Double.NaN;
                    } else if (v instanceof Double) {
                        values[j] = (Double) v;
                        FieldReader.checkRange(fc, values[j], -MAX_DATA_VALUE, MAX_DATA_VALUE, false);
                        any = true;
                    } else {
                        throw new SpecException(fc, "must be a number, or null where missing (got " + FieldReader.got(v) + ")");
                    }
                }
                if (!any) {
                    throw new SpecException(f, "has no observed entry: nothing to learn row " + i + " from");
                }
                read.add(values);
            }
            int n = read.size();
            double[] entries = new double[n * cols];
            int count = 0;
            for (int i = 0; i < n; i++) {
                System.arraycopy(read.get(i), 0, entries, i * cols, cols);
            }
            for (int j = 0; j < cols; j++) {
                boolean any = false;
                for (int i = 0; i < n; i++) {
                    boolean seen = entries[i * cols + j] == entries[i * cols + j];
                    any |= seen;
                    count += seen ? 1 : 0;
                }
                if (!any) {
                    throw new SpecException("task.entries", "column " + j + " has no observed entry: nothing to learn it from");
                }
            }
            double holdout = r.number("holdout", 0, MAX_HOLDOUT, false, 0.0);
            Task t = new Task("completion", n, cols, 0, (double) count / (n * cols), 0, 0, null, 0, 0, 0, 0, seed, 0, 0,
                    null, entries, holdout);
            if (t.heldOutCount() >= count) {
                throw new SpecException("task.holdout", "holds out all " + count + " observed entries: none is left to train on");
            }
            return t;
        }

        /** The SHA-256 (hex) of data given by value ({@link #sha256}), null for a generated task. */
        public String dataSha256() {
            return entries != null ? sha256(rows, cols, entries)
                    : samples != null ? sha256(train + test, samples.length / (train + test), samples) : null;
        }

        /** Whether the data are given by value (entries or samples), not generated. */
        public boolean byValue() {
            return entries != null || samples != null;
        }

        /**
         * The SHA-256 (hex) of a matrix given by value: over rows and cols as 8-byte big-endian integers, then every
         * cell's IEEE-754 bits as 8 big-endian bytes, row-major, a missing cell as the NaN 0x7ff8000000000000
         * (Python: {@code sha256(struct.pack('>qq', r, c) + struct.pack('>%dd' % (r*c), *cells))}, None as NaN).
         */
        public static String sha256(int rows, int cols, double[] values) {
            saddlelab.engine.Sha256 sha = new saddlelab.engine.Sha256();
            sha.updateLong(rows).updateLong(cols);
            for (double v : values) {
                sha.updateLong(v == v ? Double.doubleToRawLongBits(v) : 0x7ff8000000000000L);
            }
            return saddlelab.engine.Sha256.hex(sha.digest(), 32);
        }

        /**
         * Regression or classification on samples given by value: {@code samples}, a list of rows of numbers, all of
         * one length, each a sample's inputs followed by its {@code outputs} targets (regression, {@code outputs}
         * ≥ 1) or by its label (classification: −1 or 1 for the two-class losses, 0 … K−1 for crossEntropy, K the
         * largest label + 1); {@code holdout} as for completion, of the samples. No generated task's fields.
         */
        private static Task readSamples(FieldReader r, String type, long seed) {
            boolean classify = type.equals("classification");
            String loss = classify ? r.string("loss", null, "logistic", "crossEntropy", "exponential") : null;
            if (!r.has("samples")) {
                throw new SpecException("task.samples", "regression takes samples given by value: import a CSV (each row "
                        + "the inputs, then the outputs), or choose teacher–student regression for generated data");
            }
            List<Object> rows = r.array("samples", 1, 100_000);
            int width = -1;
            double[] samples = null;
            for (int i = 0; i < rows.size(); i++) {
                String f = "task.samples[" + i + "]";
                if (!(rows.get(i) instanceof List)) {
                    throw new SpecException(f, "must be a list of numbers (a sample; got " + FieldReader.got(rows.get(i)) + ")");
                }
                List<?> row = (List<?>) rows.get(i);
                if (width < 0) {
                    width = row.size();
                    if (width < 2 || width > 2 * MAX_DIMENSION) {
                        throw new SpecException(f, "must have 2 to " + 2 * MAX_DIMENSION + " values (has " + width + ")");
                    }
                    if ((long) rows.size() * width > MAX_SAMPLE_VALUES) {
                        throw new SpecException("task.samples", rows.size() + " samples of " + width + " values are "
                                + (long) rows.size() * width + " values; at most " + MAX_SAMPLE_VALUES);
                    }
                    samples = new double[rows.size() * width];
                } else if (row.size() != width) {
                    throw new SpecException(f, "has " + row.size() + " values where sample 0 has " + width);
                }
                for (int j = 0; j < width; j++) {
                    Object v = row.get(j);
                    String fc = f + "[" + j + "]";
                    if (!(v instanceof Double)) {
                        throw new SpecException(fc, "must be a number (samples have no missing value; got "
                                + FieldReader.got(v) + ")");
                    }
                    samples[i * width + j] = (Double) v;
                    FieldReader.checkRange(fc, samples[i * width + j], -MAX_DATA_VALUE, MAX_DATA_VALUE, false);
                }
            }
            int n = rows.size();
            int inputs;
            int outputs;
            int classes = 0;
            if (classify) {
                inputs = width - 1;
                boolean binary = !loss.equals("crossEntropy");
                int top = 0;
                for (int i = 0; i < n; i++) {
                    double label = samples[i * width + inputs];
                    boolean ok = binary ? label == 1 || label == -1 : label >= 0 && label == Math.floor(label)
                            && label < MAX_DIMENSION;
                    if (!ok) {
                        throw new SpecException("task.samples[" + i + "][" + inputs + "]", "the label " + NumberText.format(label)
                                + " is out of range: " + (binary ? "the " + loss + " loss takes −1 or 1"
                                        : "crossEntropy takes a class 0, 1, 2, … (at most " + (MAX_DIMENSION - 1) + ")"));
                    }
                    top = Math.max(top, (int) label);
                }
                classes = binary ? 2 : top + 1;
                if (classes < 2) {
                    throw new SpecException("task.samples", "every label is 0: crossEntropy needs two classes at least");
                }
                outputs = binary ? 1 : classes;
            } else {
                outputs = (int) r.integer("outputs", 1, width - 1);
                inputs = width - outputs;
            }
            if (inputs > MAX_DIMENSION || outputs > MAX_DIMENSION) {
                throw new SpecException("task.samples", inputs + " inputs and " + outputs + " outputs; each at most "
                        + MAX_DIMENSION);
            }
            double holdout = r.number("holdout", 0, MAX_HOLDOUT, false, 0.0);
            int held = (int) Math.floor(holdout * n + 0.5);
            if (held >= n) {
                throw new SpecException("task.holdout", "holds out all " + n + " samples: none is left to train on");
            }
            return new Task(type, 0, 0, 0, 0, inputs, outputs, null, 0, n - held, held, 0, seed, 0, classes, loss, null,
                    holdout, samples);
        }

        /**
         * The most values samples given by value may hold (N · (inputs + outputs)): their spec's JSON text stays
         * within {@code Json.MAX_LENGTH} even at 25 characters a value (17 digits, a sign, a point, an exponent).
         */
        public static final int MAX_SAMPLE_VALUES = 30_000;

        /** A row-major matrix as a list of rows, null where a value is missing (NaN): data given by value in JSON. */
        public static List<Object> rowsOf(double[] values, int rows, int cols) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                List<Object> row = new ArrayList<>();
                for (int j = 0; j < cols; j++) {
                    double v = values[i * cols + j];
                    row.add(v == v ? (Object) v : null);
                }
                out.add(row);
            }
            return out;
        }

        /** Data given by value: how many observed entries (or samples) are held out, the fraction of them rounded to nearest. */
        public int heldOutCount() {
            if (samples != null) {
                return test;
            }
            return entries == null ? 0 : (int) Math.floor(holdout * observedIn(entries) + 0.5);
        }

        /** How many of the values are observed (not NaN): a matrix given by value's entries. */
        public static int observedIn(double[] values) {
            int count = 0;
            for (double v : values) {
                count += v == v ? 1 : 0;
            }
            return count;
        }

        /** The most values a sensing task's measurement matrices may hold (M·n·m; 32 MB). */
        public static final double MAX_SENSING_VALUES = 4e6;

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", type);
            if (samples != null) {
                List<Object> list = rowsOf(samples, train + test, samples.length / (train + test));
                if (isClassification()) {
                    m.put("loss", loss);
                } else {
                    m.put("outputs", outputs);
                }
                m.put("samples", list);
                m.put("holdout", holdout);
            } else if (isClassification()) {
                m.put("inputs", inputs);
                m.put("classes", classes);
                m.put("loss", loss);
                m.put("teacherRank", teacherRank);
                m.put("train", train);
                m.put("test", test);
            } else if (isSensing()) {
                m.put("rows", rows);
                m.put("cols", cols);
                if (teacherDiagonal != null) {
                    m.put("teacherDiagonal", teacherDiagonal.clone());
                } else {
                    m.put("rank", rank);
                }
                m.put("measurements", measurements);
                m.put("noise", noise);
            } else if (isCompletion() && entries != null) {
                m.put("entries", rowsOf(entries, rows, cols));
                m.put("holdout", holdout);
            } else if (isCompletion()) {
                m.put("rows", rows);
                m.put("cols", cols);
                m.put("rank", rank);
                m.put("observed", observed);
            } else {
                m.put("inputs", inputs);
                m.put("outputs", outputs);
                if (teacherDiagonal != null) {
                    m.put("teacherDiagonal", teacherDiagonal.clone());
                } else {
                    m.put("teacherRank", teacherRank);
                }
                m.put("train", train);
                m.put("test", test);
                m.put("noise", noise);
            }
            if (seed >= 0) {
                m.put("seed", seed);
            }
            return m;
        }

        /** Number of observed entries: the observed fraction of rows·cols, rounded to nearest. */
        public static int observedCount(int rows, int cols, double observed) {
            return (int) Math.floor(observed * rows * cols + 0.5);
        }
    }

    /** Initialization of paper §3: σ² = w^−γ, σ given, or α·θ0. */
    public static final class Init {
        public final String kind; // "gamma" | "sigma" | "alpha" | "scheme"
        public final double value; // γ, σ or α
        public final String scheme; // "ntk" | "mean-field" for kind "scheme"

        Init(String kind, double value, String scheme) {
            this.kind = kind;
            this.value = value;
            this.scheme = scheme;
        }

        static Init read(Object value) {
            FieldReader r = new FieldReader(value, "init");
            int given = (r.has("gamma") ? 1 : 0) + (r.has("sigma") ? 1 : 0) + (r.has("alpha") ? 1 : 0)
                    + (r.has("scheme") ? 1 : 0);
            if (given != 1) {
                throw new SpecException("init", "give exactly one of gamma, sigma, alpha, scheme");
            }
            Init init;
            if (r.has("gamma")) {
                init = new Init("gamma", r.number("gamma", 0, 20, false), null);
            } else if (r.has("sigma")) {
                init = new Init("sigma", r.number("sigma", 0, 100, true), null);
            } else if (r.has("alpha")) {
                init = new Init("alpha", r.number("alpha", 0, 100, true), null);
            } else {
                init = new Init("scheme", 0, r.string("scheme", null, "ntk", "mean-field"));
            }
            r.finish();
            return init;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            if (kind.equals("scheme")) {
                m.put("scheme", scheme);
            } else {
                m.put(kind, value);
            }
            return m;
        }
    }

    public final Task task;
    public final int depth;
    public final int width;
    /** Explicit hidden widths n_1 … n_{L−1}, or null for a rectangular network. */
    public final int[] hiddenWidths;
    public final Init init;
    public final double learningRate;
    public final boolean widthScaledLearningRate;
    /** "gd" (gradient descent) or "flow" (gradient flow, adaptive Dormand–Prince). */
    public final String optimizer;
    /** Relative local error per step of the flow integrator (flow only; 0 for gd). */
    public final double tolerance;
    /** The descent optimizer's settings (gd, sgd, adam; plain descent for flow, unused there). */
    public final OptimizerStepper.Settings optimizerSettings;
    public final int steps;
    public final long seed;
    public final int seeds;
    public final int records;
    public final String recordSpacing;
    public final double rankTolerance;

    private ExperimentSpec(Task task, int depth, int width, int[] hiddenWidths, Init init, double learningRate,
            boolean widthScaledLearningRate, String optimizer, double tolerance, OptimizerStepper.Settings settings,
            int steps, long seed, int seeds, int records, String recordSpacing, double rankTolerance) {
        this.optimizerSettings = settings;
        this.task = task;
        this.depth = depth;
        this.width = width;
        this.hiddenWidths = hiddenWidths;
        this.init = init;
        this.learningRate = learningRate;
        this.widthScaledLearningRate = widthScaledLearningRate;
        this.optimizer = optimizer;
        this.tolerance = tolerance;
        this.steps = steps;
        this.seed = seed;
        this.seeds = seeds;
        this.records = records;
        this.recordSpacing = recordSpacing;
        this.rankTolerance = rankTolerance;
    }

    /**
     * Parses and validates; throws {@link SpecException} naming the field on any problem. What a spec
     * costs is checked apart, against the budget of where it runs (the cost model's {@code parse}).
     */
    public static ExperimentSpec parse(String json) {
        return fromValue(Json.parse(json));
    }

    public static ExperimentSpec fromValue(Object value) {
        FieldReader r = new FieldReader(value, "");
        if (!r.has("task")) {
            throw r.missing("task");
        }
        Task task = Task.read(r.raw("task"));
        int depth = (int) r.integer("depth", 1, MAX_DEPTH);
        int width = (int) r.integer("width", 1, MAX_WIDTH);
        int[] hidden = null;
        if (r.has("hiddenWidths")) {
            List<Object> list = r.array("hiddenWidths", 0, MAX_DEPTH);
            hidden = new int[list.size()];
            for (int i = 0; i < hidden.length; i++) { // each entry first: "ten" is named as such
                hidden[i] = (int) FieldReader.integerValue("hiddenWidths[" + i + "]", list.get(i), 1, MAX_WIDTH);
            }
            if (hidden.length != depth - 1) {
                StringBuilder example = new StringBuilder();
                for (int i = 0; i < depth - 1; i++) {
                    example.append(i == 0 ? "" : ", ").append(width);
                }
                throw new SpecException("hiddenWidths", depth == 1 ? "a network of depth 1 has no hidden layer: leave it out"
                        : "give the L − 1 = " + (depth - 1) + " widths n₁ … n_" + (depth - 1) + " of the hidden layers, e.g. ["
                        + example + "] (got " + hidden.length + ")");
            }
        }
        if (!r.has("init")) {
            throw r.missing("init");
        }
        Init init = Init.read(r.raw("init"));
        double eta = r.number("learningRate", 0, 1e3, true);
        boolean scaled = r.bool("widthScaledLearningRate", false);
        if (scaled && !(init.kind.equals("gamma") || init.kind.equals("scheme"))) {
            throw new SpecException("widthScaledLearningRate", "needs an init given by gamma or scheme");
        }
        String optimizer = "gd";
        double tolerance = 0;
        OptimizerStepper.Settings settings = PLAIN_DESCENT;
        if (r.has("optimizer")) {
            FieldReader o = new FieldReader(r.raw("optimizer"), "optimizer");
            optimizer = o.string("type", "gd", "gd", "flow", "sgd", "adam");
            if (optimizer.equals("flow")) {
                // a floor: each step's error budget is relative, and below 1e-12 the integrator crawls
                tolerance = o.number("tolerance", 1e-12, 0.1, false, 1e-6);
            } else {
                settings = readSettings(o, optimizer, task);
            }
            o.finish();
        }
        int steps = (int) r.integer("steps", 0, 100_000_000);
        long seed = r.integer("seed", 0, 9007199254740991L, 1);
        int seeds = (int) r.integer("seeds", 1, 64, 1);
        int records = (int) r.integer("records", 2, 10_000, 200);
        String spacing = r.string("recordSpacing", "log", "log", "linear");
        double rankTolerance = r.number("rankTolerance", 0, 1e6, true, 0.1);
        r.finish();
        ExperimentSpec spec = new ExperimentSpec(task, depth, width, hidden, init, eta, scaled, optimizer, tolerance,
                settings, steps, seed, seeds, records, spacing, rankTolerance);
        spec.checkBudget();
        return spec;
    }

    /**
     * Whether the loss falls monotonically while the run is stable: plain gradient descent within its
     * stability limit, and the flow. Minibatches, momentum and Adam need not (readings read those runs'
     * lower envelope, and their instability is a loss above the initial one: {@code Trace.stable}); nor need
     * descent on a classification loss, which has no minimizer: as ‖A‖ grows its sharpness can pass 2/η and the
     * loss bounce for thousands of steps, a phase that ends by itself (Wu, Bartlett, Telgarsky and Yu 2024: on
     * separable data descent with any constant step converges under the logistic loss), so such a run is read
     * from its envelope and never stopped as oscillating.
     */
    public boolean monotoneLoss() {
        if (task.isClassification() && !optimizer.equals("flow")) {
            return false;
        }
        return optimizer.equals("flow") || optimizerSettings.plainDescent();
    }

    /**
     * The descent optimizer in words with its own parameters, for messages ("Adam (β₁ = 0.9, β₂ = 0.999,
     * ε = 1e-8, batch 5)"); "" for plain gradient descent and for the flow.
     */
    public String optimizerText() {
        OptimizerStepper.Settings o = optimizerSettings;
        if (optimizer.equals("flow") || o.plainDescent()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        if (o.type.equals("adam")) {
            sb.append("Adam (β₁ = ").append(NumberText.format(o.beta1)).append(", β₂ = ").append(NumberText.format(o.beta2))
                    .append(", ε = ").append(NumberText.format(o.epsilon));
        } else {
            sb.append(o.type.equals("sgd") ? "SGD (" : "gradient descent (");
            if (o.momentum > 0) {
                sb.append(o.nesterov ? "Nesterov momentum " : "momentum ").append(NumberText.format(o.momentum));
            }
        }
        if (o.weightDecay > 0) {
            sb.append(sb.charAt(sb.length() - 1) == '(' ? "" : ", ")
                    .append(o.type.equals("adam") && o.decoupled ? "decoupled weight decay λ = " : "weight decay λ = ")
                    .append(NumberText.format(o.weightDecay));
        }
        if (o.batch > 0) {
            sb.append(sb.charAt(sb.length() - 1) == '(' ? "" : ", ").append("batch ").append(o.batch);
        }
        return sb.append(')').toString();
    }

    /** Plain full-batch gradient descent: the settings of {@code {"type": "gd"}}. */
    static final OptimizerStepper.Settings PLAIN_DESCENT = descent("gd", 0, 0, false, 0);

    /** Adam's defaults (docs/spec.md), also what the descent optimizers' settings hold for the fields they do not use. */
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    /** The settings of gradient descent or SGD (Adam's fields at their defaults, unused). */
    private static OptimizerStepper.Settings descent(String type, int batch, double momentum, boolean nesterov,
            double decay) {
        return new OptimizerStepper.Settings(type, batch, momentum, nesterov, decay, BETA1, BETA2, EPSILON, true);
    }

    /** The samples a minibatch draws from: training points, or observed entries. */
    static int samples(Task task) {
        if (task.entries != null) { // the observed entries trained on: those not held out
            return Task.observedIn(task.entries) - task.heldOutCount();
        }
        return task.isCompletion() ? Task.observedCount(task.rows, task.cols, task.observed)
                : task.isSensing() ? task.measurements : task.train;
    }

    private static OptimizerStepper.Settings readSettings(FieldReader o, String type, Task task) {
        double decay = o.number("weightDecay", 0, 1e3, false, 0);
        if (type.equals("gd")) {
            return descent("gd", 0, 0, false, decay);
        }
        int n = samples(task);
        int batch = 0;
        if (o.has("batch")) {
            batch = (int) o.integer("batch", 1, Integer.MAX_VALUE);
            if (batch > n) {
                throw new SpecException(o.field("batch"), "at most the " + n + (task.isCompletion() ? " observed entries"
                        : task.isSensing() ? " measurements" : " training points") + " (got " + batch + "); leave it out for the full batch");
            }
        }
        if (type.equals("sgd")) {
            double momentum = o.number("momentum", 0, 1, false, 0);
            if (momentum >= 1) {
                throw new SpecException(o.field("momentum"), "must be below 1 (got " + NumberText.format(momentum) + ")");
            }
            boolean nesterov = o.bool("nesterov", false);
            if (nesterov && momentum == 0) {
                throw new SpecException(o.field("nesterov"), "Nesterov's form needs a momentum above 0");
            }
            return descent("sgd", batch, momentum, nesterov, decay);
        }
        double beta1 = o.number("beta1", 0, 1, false, BETA1);
        double beta2 = o.number("beta2", 0, 1, false, BETA2);
        for (String k : new String[] {"beta1", "beta2"}) {
            if ((k.equals("beta1") ? beta1 : beta2) >= 1) {
                throw new SpecException(o.field(k), "must be below 1");
            }
        }
        double epsilon = o.number("epsilon", 0, 1, true, EPSILON);
        boolean decoupled = o.bool("decoupled", true);
        return new OptimizerStepper.Settings("adam", batch, 0, false, decay, beta1, beta2, epsilon, decoupled);
    }

    private void checkBudget() {
        double p = parameterCount();
        if (p > MAX_PARAMETERS) {
            throw new SpecException(hiddenWidths != null ? "hiddenWidths" : "width", "the network would have "
                    + (long) p + " parameters, more than the limit of " + MAX_PARAMETERS);
        }
        double gain = effectiveLearningRate();
        if (!(gain > 0) || gain - gain != 0) {
            throw new SpecException("learningRate", "the width-scaled learning rate is not a positive number");
        }
    }

    /** Widths n_0 … n_L. */
    public int[] layerWidths() {
        int[] w = new int[depth + 1];
        w[0] = task.inputDimension();
        for (int l = 1; l < depth; l++) {
            w[l] = hiddenWidths != null ? hiddenWidths[l - 1] : width;
        }
        w[depth] = task.outputDimension();
        return w;
    }

    public double parameterCount() {
        int[] w = layerWidths();
        double p = 0;
        for (int l = 1; l < w.length; l++) {
            p += (double) w[l] * w[l - 1];
        }
        return p;
    }

    /** γ of the initialization: given, or the named scheme's (NTK: 1 − 1/L, mean-field: 1); NaN otherwise. */
    public double gamma() {
        if (init.kind.equals("gamma")) {
            return init.value;
        }
        if (init.kind.equals("scheme")) {
            return init.scheme.equals("ntk") ? 1.0 - 1.0 / depth : 1.0;
        }
        return Double.NaN;
    }

    /**
     * Standard deviation of the i.i.d. Gaussian init: {@code σ = w^(−γ/2)} (paper §3), σ as given,
     * or α (θ = α·θ0 with θ0 ~ N(0, 1)).
     */
    public double initScale() {
        if (init.kind.equals("sigma") || init.kind.equals("alpha")) {
            return init.value;
        }
        return DetMath.pow(width, -gamma() / 2);
    }

    /**
     * η, or with {@code widthScaledLearningRate} the paper's {@code η0·w^((L−1)(γ−1))} for γ ≤ 1
     * (appendix A, Fig. 3) and η0 for γ > 1.
     */
    public double effectiveLearningRate() {
        if (!widthScaledLearningRate) {
            return learningRate;
        }
        double g = gamma();
        if (g > 1) {
            return learningRate;
        }
        return learningRate * DetMath.pow(width, (depth - 1) * (g - 1));
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", task.toMap());
        m.put("depth", depth);
        m.put("width", width);
        if (hiddenWidths != null) {
            m.put("hiddenWidths", hiddenWidths.clone());
        }
        m.put("init", init.toMap());
        m.put("learningRate", learningRate);
        m.put("widthScaledLearningRate", widthScaledLearningRate);
        Map<String, Object> opt = new LinkedHashMap<>();
        opt.put("type", optimizer);
        OptimizerStepper.Settings o = optimizerSettings;
        if (optimizer.equals("flow")) {
            opt.put("tolerance", tolerance);
        } else if (!optimizer.equals("gd")) {
            if (o.batch > 0) {
                opt.put("batch", o.batch);
            }
            if (optimizer.equals("sgd")) {
                opt.put("momentum", o.momentum);
                opt.put("nesterov", o.nesterov);
            } else {
                opt.put("beta1", o.beta1);
                opt.put("beta2", o.beta2);
                opt.put("epsilon", o.epsilon);
                opt.put("decoupled", o.decoupled);
            }
        }
        if (!optimizer.equals("flow") && (o.weightDecay != 0 || !optimizer.equals("gd"))) {
            opt.put("weightDecay", o.weightDecay); // gd without decay keeps its old canonical text
        }
        m.put("optimizer", opt);
        m.put("steps", steps);
        m.put("seed", seed);
        m.put("seeds", seeds);
        m.put("records", records);
        m.put("recordSpacing", recordSpacing);
        m.put("rankTolerance", rankTolerance);
        return m;
    }

    /** Canonical JSON text. */
    public String toJson() {
        return Json.write(toMap());
    }

    /** The seeds of the runs: seed, seed+1, …, seed+seeds−1. */
    public long runSeed(int index) {
        return seed + index;
    }

    /** Steps at which records are taken: 0, the last step, and the rest log- or linearly spaced. */
    public int[] recordSteps() {
        return RecordSchedule.steps(steps, records, recordSpacing.equals("log"));
    }
}
