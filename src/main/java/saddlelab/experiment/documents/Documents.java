package saddlelab.experiment.documents;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import saddlelab.experiment.figures.Summary;
import saddlelab.experiment.run.RunView;
import saddlelab.experiment.run.Trace;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.Json;
import saddlelab.experiment.spec.SpecException;

/**
 * Results documents from runs computed elsewhere (a browser's workers, other nodes): the runs arrive as
 * their own result documents ({@link Results#runToMap}, as JSON), and the document around them — with
 * its summary and checks — is written by {@link Results}, as {@code run} writes it.
 */
public final class Documents {
    private Documents() {
    }

    /**
     * @param kind        "run" ({@code entriesJson} is {@code {"spec", "runs"}}), "preset" or "sweep"
     *                    ({@code entriesJson} is {@code [{"label", "key", "spec", "runs"}]})
     * @param name        the preset's name or the swept field
     */
    @SuppressWarnings("unchecked")
    public static String build(String kind, String name, boolean quick, String entriesJson) {
        Object value = Json.parseDocument(entriesJson);
        if (kind.equals("run")) {
            Map<String, Object> m = object(value, "document");
            return of(kind, name, quick, List.of(new Summary.Entry("", "", ExperimentSpec.fromValue(m.get("spec")),
                    runs(m.get("runs")))));
        }
        if (!(value instanceof List)) {
            throw new SpecException("configurations", "must be a list");
        }
        List<Summary.Entry> entries = new ArrayList<>();
        for (Object o : (List<Object>) value) {
            Map<String, Object> c = object(o, "configurations[]");
            Object label = c.get("label");
            Object key = c.get("key");
            entries.add(new Summary.Entry(label instanceof String ? (String) label : "",
                    key instanceof String ? (String) key : "", ExperimentSpec.fromValue(c.get("spec")), runs(c.get("runs"))));
        }
        return of(kind, name, quick, entries);
    }

    /**
     * The document of a kind around its configurations and their runs' documents, as {@code run} writes
     * it: "run" (one entry: {@code {"spec", "runs"}}), "preset" or "sweep" (with the summary and checks).
     */
    public static String of(String kind, String name, boolean quick, List<Summary.Entry> entries) {
        if (kind.equals("run")) {
            return Results.document(entries.get(0).spec.toMap(), entries.get(0).runs);
        }
        if (kind.equals("preset")) {
            return Results.presetDocument(name, quick, entries);
        }
        if (kind.equals("sweep")) {
            return Results.sweepDocument(name, entries);
        }
        throw new SpecException("kind", "must be run, preset or sweep");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object o, String field) {
        if (!(o instanceof Map)) {
            throw new SpecException(field, "must be a JSON object");
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> runs(Object o) {
        if (!(o instanceof List)) {
            throw new SpecException("runs", "must be a list");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object r : (List<Object>) o) {
            out.add(object(r, "runs[]"));
        }
        return out;
    }

    /** One configuration of a document read back: its spec, its runs' documents and their traces. */
    public static final class Entry {
        public final String label;
        public final String key;
        public final ExperimentSpec spec;
        public final List<Map<String, Object>> runs;
        public final List<Trace> traces;

        Entry(String label, String key, ExperimentSpec spec, List<Map<String, Object>> runs, List<Trace> traces) {
            this.label = label;
            this.key = key;
            this.spec = spec;
            this.runs = runs;
            this.traces = traces;
        }
    }

    /** A results document read back (Load results… in the page): its configurations, summary and checks. */
    public static final class Read {
        public final List<Entry> entries;
        public final Object summary;
        public final Object checks;

        Read(List<Entry> entries, Object summary, Object checks) {
            this.entries = entries;
            this.summary = summary;
            this.checks = checks;
        }
    }

    /**
     * Reads a results document written by {@code run} or by the page: a run's ({@code {"spec", "runs"}})
     * or a preset's or sweep's ({@code {"configurations": [...]}}). Specs are read by the spec's strict
     * reader (the spec of a document from an older release may fail, and says which field); each run's
     * series are packed in the {@link Trace} layout of its spec, so the reader needs no column order.
     */
    public static Read read(String text) {
        Map<String, Object> doc = object(Json.parseDocument(text), "document");
        List<Entry> entries = new ArrayList<>();
        if (doc.containsKey("configurations")) {
            Object list = doc.get("configurations");
            if (!(list instanceof List)) {
                throw new SpecException("configurations", "must be a list");
            }
            int i = 0;
            for (Object o : (List<?>) list) {
                entries.add(entry(object(o, "configurations[" + i + "]"), "configurations[" + i + "]."));
                i++;
            }
        } else if (doc.containsKey("runs") && doc.containsKey("spec")) {
            entries.add(entry(doc, ""));
        } else {
            throw new SpecException("", doc.containsKey("kind") || doc.containsKey("analysis")
                    ? "an analysis document has no runs to show" : "not a results document: expected \"spec\" and "
                    + "\"runs\", or \"configurations\"");
        }
        return new Read(entries, doc.get("summary"), doc.get("checks"));
    }

    private static Entry entry(Map<String, Object> c, String at) {
        ExperimentSpec spec;
        try {
            spec = ExperimentSpec.fromValue(c.get("spec"));
        } catch (SpecException e) {
            throw new SpecException(at + "spec" + (e.field().isEmpty() ? "" : "." + e.field()), e.getMessage());
        }
        List<Map<String, Object>> runs = runs(c.get("runs"));
        List<Trace> traces = new ArrayList<>();
        int[] widths = spec.layerWidths();
        int m = Math.min(widths[0], widths[widths.length - 1]);
        for (Map<String, Object> r : runs) {
            traces.add(Trace.fromSeries(new RunView(r), m, spec.depth));
        }
        Object label = c.get("label");
        Object key = c.get("key");
        return new Entry(label instanceof String ? (String) label : "", key instanceof String ? (String) key : "", spec,
                runs, traces);
    }
}
