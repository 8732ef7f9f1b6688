package saddlelab.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
            ExperimentSpec spec = ExperimentSpec.fromValue(m.get("spec"));
            return Results.document(spec.toMap(), runs(m.get("runs")));
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
}
