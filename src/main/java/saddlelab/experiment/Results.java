package saddlelab.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        for (Saddles.Saddle sd : Saddles.find(t)) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("rank", sd.rank);
            x.put("loss", sd.loss);
            x.put("arrival", sd.arrival);
            x.put("escape", sd.escape);
            x.put("escapedToRank", sd.escapedToRank);
            x.put("x", sd.x);
            x.put("y", sd.y);
            saddles.add(x);
        }
        m.put("saddles", saddles);
        Escape e = Escape.of(run);
        Map<String, Object> escape = new LinkedHashMap<>();
        escape.put("s1", e.s1);
        escape.put("predictedSpeed", e.predictedSpeed);
        escape.put("fittedSpeed", e.fittedSpeed);
        escape.put("time", e.time);
        escape.put("overlayTime", e.overlayTime);
        escape.put("overlayNorm", e.overlayNorm);
        m.put("escape", escape);
        Map<String, Object> ntk = new LinkedHashMap<>();
        ExperimentSpec spec = run.spec();
        ntk.put("initial", Geometry.ntkMeanDiagonal(run.initialNetwork()));
        double gamma = spec.gamma();
        ntk.put("expected", gamma == gamma && spec.hiddenWidths == null
                ? Geometry.expectedNtk(spec.depth, spec.width, gamma) : Double.NaN);
        ntk.put("final", Geometry.ntkMeanDiagonal(run.network()));
        ntk.put("relativeChange", Geometry.ntkRelativeChange(run.initialNetwork(), run.network()));
        m.put("ntk", ntk);
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

    /**
     * A preset's document: {@code {"preset", "quick", "configurations": [{"label", "spec", "runs"}]}},
     * one entry per configuration of the sweep.
     */
    public static String presetDocument(String name, boolean quick, List<String> labels, List<ExperimentSpec> specs,
            List<List<Run>> runs) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("preset", name);
        doc.put("quick", quick);
        doc.put("configurations", configurations(labels, specs, runs));
        return Json.write(doc);
    }

    /** A sweep's document: {@code {"sweep": field, "configurations": [{label, spec, runs}]}}. */
    public static String sweepDocument(String field, List<String> labels, List<ExperimentSpec> specs,
            List<List<Run>> runs) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("sweep", field);
        doc.put("configurations", configurations(labels, specs, runs));
        return Json.write(doc);
    }

    /** A toolkit preset's document: the configuration carries the experiment's result instead of runs. */
    public static String experimentDocument(String name, boolean quick, String label, ExperimentSpec spec, String kind,
            String resultJson) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("label", label);
        c.put("spec", spec.toMap());
        c.put("result", Json.parse(resultJson));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("preset", name);
        doc.put("quick", quick);
        doc.put("experiment", kind);
        doc.put("configurations", List.of(c));
        return Json.write(doc);
    }

    private static List<Object> configurations(List<String> labels, List<ExperimentSpec> specs, List<List<Run>> runs) {
        List<Object> configurations = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("label", labels.get(i));
            c.put("spec", specs.get(i).toMap());
            List<Object> rs = new ArrayList<>();
            for (Run r : runs.get(i)) {
                rs.add(runToMap(r));
            }
            c.put("runs", rs);
            configurations.add(c);
        }
        return configurations;
    }

    /** The whole document for one spec and its runs. */
    public static String document(ExperimentSpec spec, List<Run> runs) {
        List<Object> list = new ArrayList<>();
        for (Run r : runs) {
            list.add(runToMap(r));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("spec", spec.toMap());
        doc.put("runs", list);
        return Json.write(doc);
    }
}
