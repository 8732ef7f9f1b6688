package saddlelab.experiment.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import saddlelab.engine.CompletionCost;
import saddlelab.engine.Rng;
import saddlelab.experiment.documents.Results;
import saddlelab.experiment.spec.DataCsv;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.Json;
import saddlelab.experiment.spec.NumberText;
import saddlelab.experiment.spec.SpecException;
import saddlelab.experiment.spec.Tasks;

/**
 * Completion of one's own matrix (issue 31, data given by value): a low-rank matrix with blanks, written as CSV
 * and read back, is completed, its held-out entries predicted (the matrix that generated it is the oracle); the
 * held-out split is a seeded subset of the observed entries; the spec keeps the data to the bit through its
 * canonical text; the data's SHA-256 is the documented one; and bad data are refused by field.
 */
class DataByValueTest {
    /** A rows × cols matrix of rank r (Gaussian factors) with a fraction of its cells blank, as CSV text. */
    static String lowRankCsv(long seed, int rows, int cols, int r, double blank, double[] truth) {
        Rng rng = new Rng(seed);
        double[] u = new double[rows * r];
        double[] v = new double[cols * r];
        rng.fillGaussian(u, 1.0);
        rng.fillGaussian(v, 1.0);
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < cols; j++) {
            csv.append(j > 0 ? "," : "").append("item ").append(j + 1);
        }
        csv.append('\n');
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double s = 0;
                for (int k = 0; k < r; k++) {
                    s += u[i * r + k] * v[j * r + k];
                }
                truth[i * cols + j] = s;
                csv.append(j > 0 ? "," : "");
                // the diagonal band is always kept, so no row or column is empty
                if ((i + j) % 5 == 0 || rng.nextDouble() >= blank) {
                    csv.append(NumberText.format(s));
                }
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    static String spec(DataCsv.Table t, double holdout, String rest) {
        return "{\"task\":{\"type\":\"completion\",\"entries\":" + Json.write(t.toEntries()) + ",\"holdout\":" + holdout
                + ",\"seed\":3}," + rest + "}";
    }

    @Test
    void aLowRankMatrixWithBlanksIsCompletedAndItsHeldOutEntriesPredicted() {
        for (long seed = 1; seed <= 3; seed++) {
            int rows = 10 + (int) seed;
            int cols = 9 + 2 * (int) seed;
            double[] truth = new double[rows * cols];
            DataCsv.Table t = DataCsv.read(lowRankCsv(seed, rows, cols, 2, 0.35, truth));
            assertTrue(t.header);
            ExperimentSpec s = ExperimentSpec.parse(spec(t, 0.15,
                    "\"depth\":3,\"width\":30,\"init\":{\"gamma\":2},\"learningRate\":0.05,\"steps\":20000,\"seed\":1"));
            CompletionCost cost = (CompletionCost) Tasks.build(s, 1);
            Run run = new Run(s, 0).complete();
            Trace tr = run.trace();
            double test = tr.get(tr.size() - 1, Trace.TEST_LOSS);
            assertEquals(RunStatus.DONE, run.status(), run.message());
            assertTrue(test <= 1e-3 * cost.zeroTestLoss(), "seed " + seed + ": held-out error " + test + " of "
                    + cost.zeroTestLoss());
            // and the blanks themselves: the learned A against the matrix that generated the data
            double[] a = run.network().product();
            double err = 0;
            double norm = 0;
            int blanks = 0;
            for (int k = 0; k < truth.length; k++) {
                if (Double.isNaN(t.values[k])) {
                    err += (a[k] - truth[k]) * (a[k] - truth[k]);
                    norm += truth[k] * truth[k];
                    blanks++;
                }
            }
            assertTrue(blanks > 0 && err <= 1e-3 * norm, "seed " + seed + ": the blanks, relative error " + err / norm);
        }
    }

    @Test
    void theHeldOutEntriesAreASeededSubsetOfTheObservedOnes() {
        double[] truth = new double[12 * 12];
        DataCsv.Table t = DataCsv.read(lowRankCsv(5, 12, 12, 3, 0.3, truth));
        int observed = 0;
        for (double v : t.values) {
            observed += Double.isNaN(v) ? 0 : 1;
        }
        for (double holdout : new double[] {0, 0.1, 0.5, 0.9}) {
            ExperimentSpec s = ExperimentSpec.parse(spec(t, holdout, "\"depth\":2,\"width\":10,\"init\":{\"gamma\":1},"
                    + "\"learningRate\":0.01,\"steps\":10"));
            CompletionCost a = (CompletionCost) Tasks.build(s, 1);
            CompletionCost b = (CompletionCost) Tasks.build(s, 2); // the task's own seed: the same split
            assertArrayEquals(a.testEntries(), b.testEntries());
            assertEquals(Math.round(holdout * observed), a.testEntries().length, "holdout " + holdout);
            assertEquals(observed, a.observed().length + a.testEntries().length);
            Set<Integer> train = new HashSet<>();
            for (int k : a.observed()) {
                train.add(k);
                assertTrue(!Double.isNaN(t.values[k]));
            }
            for (int k : a.testEntries()) {
                assertTrue(!train.contains(k) && !Double.isNaN(t.values[k]), "held out and trained on: " + k);
            }
            assertTrue(holdout > 0 || Double.isNaN(a.testLoss(new double[144])), "no test set without a holdout");
        }
        // another data seed, another split
        ExperimentSpec s3 = ExperimentSpec.parse(spec(t, 0.5, "\"depth\":2,\"width\":10,\"init\":{\"gamma\":1},"
                + "\"learningRate\":0.01,\"steps\":10"));
        ExperimentSpec s4 = ExperimentSpec.parse(spec(t, 0.5, "\"depth\":2,\"width\":10,\"init\":{\"gamma\":1},"
                + "\"learningRate\":0.01,\"steps\":10").replace("\"seed\":3", "\"seed\":4"));
        assertTrue(!java.util.Arrays.equals(((CompletionCost) Tasks.build(s3, 1)).testEntries(),
                ((CompletionCost) Tasks.build(s4, 1)).testEntries()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDataSurviveTheCanonicalTextAndTheDocumentCarriesTheirSha256() throws Exception {
        double[] truth = new double[8 * 6];
        DataCsv.Table t = DataCsv.read(lowRankCsv(9, 8, 6, 2, 0.4, truth));
        ExperimentSpec s = ExperimentSpec.parse(spec(t, 0.2, "\"depth\":3,\"width\":10,\"init\":{\"gamma\":2},"
                + "\"learningRate\":0.05,\"steps\":50"));
        ExperimentSpec again = ExperimentSpec.parse(s.toJson());
        assertEquals(s.toJson(), again.toJson());
        for (int k = 0; k < t.values.length; k++) {
            assertEquals(Double.doubleToLongBits(t.values[k]), Double.doubleToLongBits(again.task.entries[k]), "cell " + k);
        }
        ByteBuffer bytes = ByteBuffer.allocate(16 + 8 * t.values.length);
        bytes.putLong(8).putLong(6);
        for (double v : t.values) {
            bytes.putDouble(v); // Java's putDouble writes NaN as 0x7ff8000000000000
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : MessageDigest.getInstance("SHA-256").digest(bytes.array())) {
            hex.append(String.format("%02x", b));
        }
        assertEquals(hex.toString(), s.task.dataSha256());
        Map<String, Object> doc = (Map<String, Object>) Json.parse(Json.write(Results.runToMap(new Run(s, 0).complete())));
        Map<String, Object> data = (Map<String, Object>) doc.get("data");
        assertEquals(hex.toString(), data.get("sha256"));
        assertEquals(8.0, data.get("rows"));
        assertEquals(s.task.heldOutCount(), ((Double) data.get("heldOut")).intValue());
        assertNull(Results.runToMap(new Run(ExperimentSpec.parse(RunTest.GOLDEN_SPEC), 0).complete()).get("data"),
                "a generated task has no data digest");
    }

    /**
     * Regression on one's own samples: y = T x + noise written as CSV (inputs, then outputs) and read back; the run
     * ends at the least-squares fit of its training split (EJML's, the oracle), the held-out samples its test set.
     */
    @Test
    void regressionOnSamplesGivenByValueEndsAtTheLeastSquaresFit() {
        for (long seed = 1; seed <= 3; seed++) {
            Rng rng = new Rng(seed);
            int n0 = 3 + (int) seed;
            int nL = 2;
            int n = 40 + 10 * (int) seed;
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < n; i++) {
                double[] x = new double[n0];
                rng.fillGaussian(x, 1.0);
                for (int j = 0; j < n0; j++) {
                    csv.append(NumberText.format(x[j])).append(',');
                }
                for (int k = 0; k < nL; k++) {
                    double y = 0.1 * rng.nextGaussian();
                    for (int j = 0; j < n0; j++) {
                        y += (k + 1) * (j + 1) % 5 * x[j];
                    }
                    csv.append(NumberText.format(y)).append(k + 1 < nL ? "," : "\n");
                }
            }
            ExperimentSpec base = ExperimentSpec.parse("{\"task\":{\"type\":\"teacher\",\"inputs\":" + n0 + ",\"outputs\":" + nL
                    + ",\"teacherDiagonal\":[1],\"train\":10},\"depth\":3,\"width\":20,\"init\":{\"gamma\":2},"
                    + "\"learningRate\":0.02,\"steps\":20000,\"seed\":1}");
            ExperimentSpec s = ExperimentSpec.parse(DataCsv.into(base, DataCsv.read(csv.toString())));
            assertEquals("regression", s.task.type);
            assertEquals(n0, s.task.inputs);
            assertEquals(Math.round(0.1 * n), s.task.test, "a tenth held out");
            saddlelab.engine.MseCost cost = (saddlelab.engine.MseCost) Tasks.build(s, 1);
            double[] ls = Tasks.leastSquares(cost);
            Run run = new Run(s, 0).complete();
            assertEquals(RunStatus.DONE, run.status(), run.message());
            double[] a = run.network().product();
            double err = 0;
            double norm = 0;
            for (int k = 0; k < a.length; k++) {
                err += (a[k] - ls[k]) * (a[k] - ls[k]);
                norm += ls[k] * ls[k];
            }
            assertTrue(err <= 1e-6 * norm, "seed " + seed + ": ‖A − A_ls‖²/‖A_ls‖² = " + err / norm);
            Trace t = run.trace();
            assertTrue(t.get(t.size() - 1, Trace.TEST_LOSS) < 0.1, "the held-out samples are predicted");
        }
    }

    /** Classification on one's own labelled samples: a teacher's classes as CSV (inputs, then the label), learned. */
    @Test
    void classificationOnSamplesGivenByValueLearnsTheLabels() {
        Rng rng = new Rng(11);
        StringBuilder csv = new StringBuilder("x1,x2,x3,x4,x5,class\n");
        for (int i = 0; i < 200; i++) {
            double[] x = new double[5];
            rng.fillGaussian(x, 1.0);
            double[] score = {x[0] + x[1], x[2] - x[0], -x[1] - x[2]};
            int label = score[0] >= score[1] && score[0] >= score[2] ? 0 : score[1] >= score[2] ? 1 : 2;
            for (double v : x) {
                csv.append(NumberText.format(v)).append(',');
            }
            csv.append(label).append('\n');
        }
        ExperimentSpec base = ExperimentSpec.parse(ClassificationTest.spec("crossEntropy", 3, 2, "")
                .replace("\"learningRate\":0.5", "\"learningRate\":0.1").replace("\"steps\":4000", "\"steps\":10000"));
        ExperimentSpec s = ExperimentSpec.parse(DataCsv.into(base, DataCsv.read(csv.toString())));
        assertEquals(3, s.task.classes);
        assertEquals(5, s.task.inputs);
        assertEquals(180, s.task.train);
        Run run = new Run(s, 0).complete();
        Trace t = run.trace();
        assertEquals(1.0, t.get(t.size() - 1, Trace.TRAIN_ACCURACY), run.message());
        assertTrue(t.get(t.size() - 1, Trace.TEST_ACCURACY) >= 0.9, "test accuracy " + t.get(t.size() - 1, Trace.TEST_ACCURACY));
        assertEquals(64, s.task.dataSha256().length());
    }

    /** The most samples a spec may hold, each value at full precision, still read back from its canonical text. */
    @Test
    void theLargestSamplesFitTheSpecsText() {
        Rng rng = new Rng(5);
        int width = 20;
        int n = ExperimentSpec.Task.MAX_SAMPLE_VALUES / width;
        StringBuilder json = new StringBuilder("{\"task\":{\"type\":\"regression\",\"outputs\":1,\"samples\":[");
        for (int i = 0; i < n; i++) {
            json.append(i > 0 ? ",[" : "[");
            for (int j = 0; j < width; j++) {
                json.append(j > 0 ? "," : "").append(NumberText.format(-rng.nextDouble() * 1e-100));
            }
            json.append(']');
        }
        json.append("]},\"depth\":2,\"width\":4,\"init\":{\"gamma\":1},\"learningRate\":0.1,\"steps\":1}");
        ExperimentSpec s = ExperimentSpec.parse(json.toString());
        assertEquals(s.toJson(), ExperimentSpec.parse(s.toJson()).toJson());
        assertThrows(SpecException.class, () -> ExperimentSpec.parse(json.toString().replace("]]}", "],[" + "1,".repeat(width - 1)
                + "1]]}")), "one sample more is refused");
    }

    private static String samples(String json, String extra) {
        SpecException e = assertThrows(SpecException.class, () -> ExperimentSpec.parse("{\"task\":{" + json + extra
                + "},\"depth\":2,\"width\":4,\"init\":{\"gamma\":1},\"learningRate\":0.1,\"steps\":10}"));
        return e.getMessage();
    }

    @Test
    void badSamplesAreRefusedByField() {
        String ce = "\"type\":\"classification\",\"loss\":\"crossEntropy\",\"samples\":";
        String lg = "\"type\":\"classification\",\"loss\":\"logistic\",\"samples\":";
        String rg = "\"type\":\"regression\",\"outputs\":1,\"samples\":";
        String[][] cases = {
            {ce + "[[1,2,0],[3,4,2.5]]", "task.samples[1][2]: the label 2.5 is out of range"},
            {ce + "[[1,2,0],[3,4,-1]]", "task.samples[1][2]: the label -1 is out of range"},
            {ce + "[[1,2,0],[3,4,0]]", "task.samples: every label is 0"},
            {lg + "[[1,2,1],[3,4,0]]", "task.samples[1][2]: the label 0 is out of range: the logistic loss takes −1 or 1"},
            {rg + "[[1,2],[3,null]]", "task.samples[1][1]: must be a number (samples have no missing value"},
            {rg + "[[1,2],[3]]", "task.samples[1]: has 1 values where sample 0 has 2"},
            {"\"type\":\"regression\",\"outputs\":2,\"samples\":[[1,2]]", "task.outputs"},
            {rg + "[[1,2],[3,4]],\"holdout\":0.9", "task.holdout: holds out all 2 samples"},
            {rg + "[[1,2]],\"inputs\":1", "task.inputs"},
        };
        for (String[] c : cases) {
            String got = samples(c[0], "");
            assertTrue(got.startsWith(c[1]), c[0] + " → " + got);
        }
    }

    private static String field(String entries, String extra) {
        SpecException e = assertThrows(SpecException.class, () -> ExperimentSpec.parse("{\"task\":{\"type\":\"completion\","
                + "\"entries\":" + entries + extra + "},\"depth\":2,\"width\":4,\"init\":{\"gamma\":1},\"learningRate\":0.1,"
                + "\"steps\":10}"));
        assertTrue(e.getMessage().startsWith(e.field()), e.getMessage());
        return e.getMessage();
    }

    private static void expect(String start, String entries, String extra) {
        String got = field(entries, extra);
        assertTrue(got.startsWith(start), got);
    }

    @Test
    void badDataAreRefusedByField() {
        expect("task.entries[1]: has 1 cells where row 0 has 2", "[[1,2],[3]]", "");
        assertTrue(field("[[1,2],[3,\"x\"]]", "").startsWith("task.entries[1][1]: must be a number, or null"));
        expect("task.entries[1]: has no observed entry", "[[1,2],[null,null]]", "");
        expect("task.entries: column 1 has no observed entry", "[[1,null],[3,null]]", "");
        expect("task.entries[0][1]", "[[1,2e7]]", "");
        expect("task.entries", "[]", "");
        assertTrue(field("[[1,2]]", ",\"holdout\":0.95").startsWith("task.holdout"));
        assertTrue(field("[[1,2]]", ",\"holdout\":0.9").startsWith("task.holdout: holds out all 2"));
        assertTrue(field("[[1,2]]", ",\"rows\":1").startsWith("task.rows"), field("[[1,2]]", ",\"rows\":1"));
        StringBuilder big = new StringBuilder("[");
        for (int i = 0; i < 101; i++) {
            big.append(i > 0 ? "," : "").append("[").append("1,".repeat(99)).append("1]");
        }
        assertTrue(field(big.append("]").toString(), "").contains("at most 10000"));
        List<Object> ok = List.of(List.of(1.0, 2.0));
        assertEquals(1, ExperimentSpec.parse("{\"task\":{\"type\":\"completion\",\"entries\":" + Json.write(ok) + "},"
                + "\"depth\":2,\"width\":4,\"init\":{\"gamma\":1},\"learningRate\":0.1,\"steps\":10}").task.rows);
    }
}
