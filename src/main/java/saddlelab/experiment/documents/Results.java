package saddlelab.experiment.documents;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import saddlelab.experiment.figures.PresetChecks;
import saddlelab.experiment.figures.Presets;
import saddlelab.experiment.figures.Summary;
import saddlelab.experiment.readings.Escape;
import saddlelab.experiment.readings.Geometry;
import saddlelab.experiment.readings.NuclearNormBaseline;
import saddlelab.experiment.readings.Saddles;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.run.Trace;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.Json;
import saddlelab.experiment.spec.NumberText;
import saddlelab.experiment.spec.Tasks;

/**
 * The results document, the one exchange format for data (CLI output, browser export and import):
 * {@code {"spec": canonical spec, "runs": [{"seed", "status", "message", "digest", "series": {…}}]}}.
 * Written with {@link Json}'s canonical writer so the JVM and the browser produce the same text.
 */
public final class Results {
    private Results() {
    }

    public static Map<String, Object> runToMap(Run run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", run.seed());
        m.put("status", run.status().name().toLowerCase());
        m.put("message", run.message());
        m.put("digest", run.digest());
        m.put("steps", run.step());
        m.put("learningRate", run.learningRate());
        m.put("zeroTestLoss", run.zeroTestLoss());
        ExperimentSpec.Task task = run.spec().task;
        if (task.byValue()) {
            // which data this run learned (data given by value): their digest and the run's split of them
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("sha256", task.dataSha256());
            if (task.entries != null) {
                saddlelab.engine.CompletionCost c = (saddlelab.engine.CompletionCost) run.cost();
                data.put("rows", task.rows);
                data.put("cols", task.cols);
                data.put("trained", c.observed().length);
                data.put("heldOut", c.testEntries().length);
            } else {
                data.put("rows", task.train + task.test);
                data.put("cols", task.samples.length / (task.train + task.test));
                data.put("trained", task.train);
                data.put("heldOut", task.test);
            }
            m.put("data", data);
        }
        Trace t = run.trace();
        Map<String, Object> series = new LinkedHashMap<>();
        for (int c = 0; c < Trace.SINGULAR_VALUES; c++) {
            series.put(Trace.SCALAR_NAMES[c], t.column(c));
        }
        List<Object> sv = new ArrayList<>();
        List<Object> layers = new ArrayList<>();
        int depth = t.alignmentColumn() - t.layerNormsColumn();
        for (int i = 0; i < t.size(); i++) {
            sv.add(t.row(i, Trace.SINGULAR_VALUES, t.singularValueCount()));
            layers.add(t.row(i, t.layerNormsColumn(), depth));
        }
        series.put("singularValues", sv);
        series.put("layerNorms", layers);
        series.put("alignment", t.column(t.alignmentColumn()));
        series.put("pathX", t.column(t.alignmentColumn() + 1));
        series.put("pathY", t.column(t.alignmentColumn() + 2));
        m.put("series", series);
        List<Object> saddles = new ArrayList<>();
        double[] gains = null;
        for (Saddles.Saddle sd : Saddles.find(run.stableTrace(), run.referenceScale(),
                !run.spec().monotoneLoss())) {
            double fit = Tasks.lossFloor(run.cost(), sd.rank);
            if (gains == null && fit > 0 && Math.abs(sd.loss - fit) > Saddles.BEST_FIT_MATCH * fit) {
                gains = Tasks.fitGains(run.cost()); // only when a note needs it: an SVD
            }
            saddles.add(sd.toMap(fit, Saddles.bestFitNote(sd.loss, sd.rank, fit, gains, run.spec().task.train)));
        }
        m.put("saddles", saddles);
        Escape e = Escape.of(run);
        Map<String, Object> escape = e.toMap();
        m.put("escape", escape);
        // the best test loss along the run, beside the final one (Fig. 6: the low-rank plateau generalizes best)
        int best = -1;
        for (int i = 0; i < t.size(); i++) {
            double v = t.get(i, Trace.TEST_LOSS);
            if (v - v == 0 && (best < 0 || v < t.get(best, Trace.TEST_LOSS))) {
                best = i;
            }
        }
        Map<String, Object> bestTest = new LinkedHashMap<>();
        bestTest.put("loss", best < 0 ? Double.NaN : t.get(best, Trace.TEST_LOSS));
        bestTest.put("step", best < 0 ? Double.NaN : t.get(best, Trace.STEP));
        bestTest.put("time", best < 0 ? Double.NaN : t.get(best, Trace.TIME));
        bestTest.put("trainLoss", best < 0 ? Double.NaN : t.get(best, Trace.TRAIN_LOSS));
        bestTest.put("escapedRank", best < 0 ? Double.NaN : t.get(best, Trace.ESCAPED_RANK));
        m.put("bestTest", bestTest);
        Map<String, Object> ntk = new LinkedHashMap<>();
        ExperimentSpec spec = run.spec();
        ntk.put("initial", Geometry.ntkMeanDiagonal(run.initialNetwork()));
        double gamma = spec.gamma();
        ntk.put("expected", gamma == gamma && spec.hiddenWidths == null
                ? Geometry.expectedNtk(spec.depth, spec.width, gamma) : Double.NaN);
        // a failed run's final θ is the instability's, not a state of training: no tangent kernel (NTK) to compare
        ntk.put("final", run.failed() ? Double.NaN : Geometry.ntkMeanDiagonal(run.network()));
        ntk.put("relativeChange", run.failed() ? Double.NaN : Geometry.ntkRelativeChange(run.initialNetwork(), run.network()));
        m.put("ntk", ntk);
        // the convex baseline of completion and sensing: the minimum-nuclear-norm fit of the same data
        Map<String, Object> baselines = new LinkedHashMap<>();
        baselines.put("nuclearNorm", NuclearNormBaseline.appliesTo(run.cost())
                ? NuclearNormBaseline.cached(Tasks.dataKey(spec, run.seed()), run.cost()).toMap() : null);
        m.put("baselines", baselines);
        return m;
    }

    /**
     * The run's series as CSV: a header, then one line per record (seed, step, time, losses, rank,
     * norms, balancedness, alignment, path view, singular values s1…sm, layer norms w1…wL); numbers in
     * the canonical text of {@link NumberText}, empty where undefined.
     */
    public static String csv(Run run, boolean header) {
        Trace t = run.trace();
        int m = t.singularValueCount();
        int depth = t.alignmentColumn() - t.layerNormsColumn();
        StringBuilder sb = new StringBuilder();
        if (header) {
            sb.append(csvHeader(run)).append('\n');
        }
        for (int i = 0; i < t.size(); i++) {
            sb.append(run.seed());
            for (int c = 0; c < Trace.SINGULAR_VALUES; c++) {
                cell(sb, t.get(i, c));
            }
            for (int c = 0; c < 3; c++) {
                cell(sb, t.get(i, t.alignmentColumn() + c));
            }
            for (int k = 0; k < m; k++) {
                cell(sb, t.get(i, Trace.SINGULAR_VALUES + k));
            }
            for (int l = 0; l < depth; l++) {
                cell(sb, t.get(i, t.layerNormsColumn() + l));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The CSV header line (no line break). */
    public static String csvHeader(Run run) {
        Trace t = run.trace();
        StringBuilder sb = new StringBuilder("seed");
        for (String name : Trace.SCALAR_NAMES) {
            sb.append(',').append(name);
        }
        sb.append(",alignment,pathX,pathY");
        for (int i = 1; i <= t.singularValueCount(); i++) {
            sb.append(",s").append(i);
        }
        for (int l = 1; l <= t.alignmentColumn() - t.layerNormsColumn(); l++) {
            sb.append(",normW").append(l);
        }
        return sb.toString();
    }

    private static void cell(StringBuilder sb, double v) {
        sb.append(',');
        if (v - v == 0) {
            sb.append(NumberText.format(v));
        }
    }

    public static String runJson(Run run) {
        return Json.write(runToMap(run));
    }

    /** Configurations and their finished runs, as entries for the documents below. */
    public static List<Summary.Entry> entries(List<Presets.Configuration> configurations, List<List<Run>> runs) {
        List<Summary.Entry> out = new ArrayList<>();
        for (int i = 0; i < configurations.size(); i++) {
            List<Map<String, Object>> maps = new ArrayList<>();
            for (Run r : runs.get(i)) {
                maps.add(runToMap(r));
            }
            Presets.Configuration c = configurations.get(i);
            out.add(new Summary.Entry(c.label, c.key, c.spec, maps));
        }
        return out;
    }

    /**
     * A preset's document: {@code {"preset", "quick", "configurations": [{"label", "key", "spec", "runs"}],
     * "summary", "checks"}}, one entry per configuration, with the summary ({@link Summary}) and the
     * preset's checks ({@link PresetChecks}) of the runs it holds.
     */
    public static String presetDocument(String name, boolean quick, List<Summary.Entry> entries) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("preset", name);
        doc.put("quick", quick);
        doc.put("configurations", configurations(entries));
        Presets.Preset p = Presets.get(name);
        doc.put("summary", entries.size() < 2 ? null : p != null ? Summary.of(entries, p.summaryField, p.summaryGroup)
                : Summary.of(entries, null));
        doc.put("checks", PresetChecks.evaluate(name, entries));
        return Json.write(doc);
    }

    /** A sweep's document: {@code {"sweep": field, "configurations": [{label, key, spec, runs}], "summary"}}. */
    public static String sweepDocument(String field, List<Summary.Entry> entries) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("sweep", field);
        doc.put("configurations", configurations(entries));
        doc.put("summary", Summary.of(entries, field));
        return Json.write(doc);
    }

    /** A toolkit preset's document: the configuration carries the analysis result instead of runs. */
    public static String analysisDocument(String name, boolean quick, String label, ExperimentSpec spec, String kind,
            Map<String, Object> result) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("label", label);
        c.put("spec", spec.toMap());
        c.put("result", result);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("preset", name);
        doc.put("quick", quick);
        doc.put("analysis", kind);
        doc.put("configurations", List.of(c));
        return Json.write(doc);
    }

    private static List<Object> configurations(List<Summary.Entry> entries) {
        List<Object> configurations = new ArrayList<>();
        for (Summary.Entry e : entries) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("label", e.label);
            c.put("key", e.key);
            c.put("spec", e.spec.toMap());
            c.put("runs", e.runs);
            configurations.add(c);
        }
        return configurations;
    }

    /** The whole document for one spec and its runs. */
    public static String document(ExperimentSpec spec, List<Run> runs) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Run r : runs) {
            list.add(runToMap(r));
        }
        return document(spec.toMap(), list);
    }

    /** The same from the runs' documents. */
    static String document(Map<String, Object> spec, List<Map<String, Object>> runs) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("spec", spec);
        doc.put("runs", runs);
        return Json.write(doc);
    }
}
