package saddlelab.experiment.figures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.Json;
import saddlelab.experiment.spec.NumberText;
import saddlelab.experiment.spec.SpecException;

/**
 * A sweep: one spec per value of one field (γ, α, σ, w, L, η, observed fraction, …), each run over
 * the spec's seeds; a summary plots a final metric against the swept value (like Fig. 3). The field is
 * a dotted path into the spec ({@code width}, {@code init.gamma}, {@code task.observed}); every
 * variant is validated by {@link ExperimentSpec} itself, so a bad value is reported with the field
 * the validator names. Setting {@code init.gamma}, {@code init.alpha} or {@code init.sigma}
 * replaces the whole initialization, since it holds exactly one of them; sweeping the width or the
 * depth drops explicit hidden widths (the net becomes rectangular). An optimizer field is set within the
 * spec's optimizer object, so the optimizer's own validation names a field its type has not
 * ({@code optimizer.batch} on plain {@code gd}).
 */
public final class Sweep {
    private Sweep() {
    }

    /** Fields a sweep may vary: numbers of the spec, by dotted path. */
    public static final List<String> FIELDS = List.of("init.gamma", "init.alpha", "init.sigma", "width", "depth",
            "learningRate", "task.observed", "task.noise", "task.train", "task.rank", "task.teacherRank", "task.measurements", "steps",
            "rankTolerance", "seed", "optimizer.batch", "optimizer.momentum", "optimizer.weightDecay", "optimizer.beta1",
            "optimizer.beta2", "optimizer.epsilon", "optimizer.tolerance");
    /** The most values one sweep may hold (each is a configuration × seeds). */
    public static final int MAX_VALUES = 40;

    public static List<Presets.Configuration> of(ExperimentSpec base, String field, double[] values) {
        if (!FIELDS.contains(field)) {
            throw new SpecException("sweep.field", "cannot sweep '" + field + "'; one of " + String.join(", ", FIELDS));
        }
        if (values.length == 0 || values.length > MAX_VALUES) {
            throw new SpecException("sweep.values", "give between 1 and " + MAX_VALUES + " values");
        }
        List<Presets.Configuration> out = new ArrayList<>();
        for (double v : values) {
            Map<String, Object> m = base.toMap();
            Object value = v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) (long) v : (Object) v;
            int dot = field.indexOf('.');
            if (dot < 0) {
                m.put(field, value);
                if (field.equals("width") || field.equals("depth")) {
                    m.remove("hiddenWidths"); // explicit hidden widths would hide the swept width or depth
                }
            } else {
                String head = field.substring(0, dot);
                Map<String, Object> inner = new LinkedHashMap<>();
                if (!head.equals("init")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> old = (Map<String, Object>) m.get(head);
                    inner.putAll(old);
                }
                inner.put(field.substring(dot + 1), value);
                m.put(head, inner);
            }
            ExperimentSpec spec = ExperimentSpec.fromValue(Json.parse(Json.write(m)));
            out.add(new Presets.Configuration(field + "=" + NumberText.format(v), field + " = " + NumberText.format(v), spec));
        }
        return out;
    }

    /** The configurations as JSON: {@code [{"label", "spec"}]}, the specs canonical. */
    public static String json(List<Presets.Configuration> configurations) {
        return Json.write(Presets.configurations(configurations));
    }
}
