package saddlelab.browser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.teavm.jso.JSExport;
import saddlelab.engine.KernelFactory;
import saddlelab.engine.Stepper;
import saddlelab.experiment.documents.Results;
import saddlelab.experiment.figures.Presets;
import saddlelab.experiment.readings.Analyses;
import saddlelab.experiment.readings.Greedy;
import saddlelab.experiment.run.Budget;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.Json;
import saddlelab.experiment.spec.NumberText;
import saddlelab.experiment.spec.SpecException;

/**
 * The browser adapter: a thin set of {@code @JSExport} functions that the Web Worker
 * ({@code web/engine-worker.js}) calls; TeaVM compiles this class to WebAssembly-GC and to
 * JavaScript. All numerics are the shared engine's; this class only keeps run handles and packs
 * records into a {@code double[]} (a {@code Float64Array} on the JS side).
 */
public final class WorkerEngine {
    private static final List<Run> RUNS = new ArrayList<>();

    private WorkerEngine() {
    }

    public static void main(String[] args) {
        // Entry point required by TeaVM; the worker calls the exported functions.
    }

    /** "" when the spec is valid (within the browser's budget), else {@code {"error": message, "field": path}}. */
    @JSExport
    public static String validate(String specJson) {
        try {
            Budget.BROWSER.parse(specJson);
            return "";
        } catch (SpecException e) {
            return errorJson(e);
        }
    }

    /**
     * A CSV file's matrix for the page's preview ({@code DataCsv}): {@code {"rows", "cols", "observed", "header",
     * "entries", "sha256"}}, or {@code {"error", "line", "column"}} naming where the file is wrong.
     */
    @JSExport
    public static String readCsv(String text) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        try {
            saddlelab.experiment.spec.DataCsv.Table t = saddlelab.experiment.spec.DataCsv.read(text);
            m.put("rows", t.rows);
            m.put("cols", t.cols);
            m.put("observed", ExperimentSpec.Task.observedIn(t.values));
            m.put("header", t.header);
            m.put("entries", t.toEntries());
            m.put("sha256", ExperimentSpec.Task.sha256(t.rows, t.cols, t.values));
        } catch (saddlelab.experiment.spec.DataCsv.Problem e) {
            m.put("error", e.getMessage());
            m.put("line", e.line);
            m.put("column", e.column);
        }
        return Json.write(m);
    }

    /** The caps the page states and applies: {@code {"linkChars", "dataCells", "sampleValues", "csvChars", "holdout"}}. */
    @JSExport
    public static String limits() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("linkChars", saddlelab.experiment.documents.Link.MAX_PAGE_LINK);
        m.put("dataCells", ExperimentSpec.Task.MAX_DATA_CELLS);
        m.put("sampleValues", ExperimentSpec.Task.MAX_SAMPLE_VALUES);
        m.put("csvChars", saddlelab.experiment.spec.DataCsv.MAX_CHARS);
        m.put("holdout", saddlelab.experiment.spec.DataCsv.DEFAULT_HOLDOUT);
        return Json.write(m);
    }

    /** Canonical JSON of a valid spec, or the error object of {@link #validate}. */
    @JSExport
    public static String canonical(String specJson) {
        try {
            return Budget.BROWSER.parse(specJson).toJson();
        } catch (SpecException e) {
            return errorJson(e);
        }
    }

    private static String errorJson(SpecException e) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("error", e.getMessage());
        m.put("field", e.field());
        return Json.write(m);
    }

    /** Starts run {@code seedIndex} of a spec; returns its handle, or −1 for an invalid spec. */
    @JSExport
    public static int start(String specJson, int seedIndex) {
        ExperimentSpec spec;
        try {
            spec = Budget.BROWSER.parse(specJson);
        } catch (SpecException e) {
            return -1;
        }
        if (seedIndex < 0 || seedIndex >= spec.seeds) {
            return -1;
        }
        RUNS.add(new Run(spec, seedIndex, steppers()));
        return RUNS.size() - 1;
    }

    /**
     * The run's engine: the worker's WebAssembly kernel when it loaded one (SIMD, else the scalar twin) for
     * descent and the flow alike, else (or where the kernel's memory cannot hold the run) this build's own
     * code; every choice takes the same steps to the bit.
     */
    private static Stepper.Factory steppers() {
        String kernel = BrowserKernel.loaded();
        if (kernel.isEmpty()) {
            return Stepper::of;
        }
        return new KernelFactory(kernel, BrowserKernel::new);
    }

    /**
     * What the spec costs ({@code Budget.Estimate}: multiply–adds per run and in all, per step, bytes per run,
     * the terms), or the error object naming the field over the browser's budget.
     */
    @JSExport
    public static String estimate(String specJson) {
        try {
            return Json.write(Budget.BROWSER.check(ExperimentSpec.parse(specJson)).toMap());
        } catch (SpecException e) {
            return errorJson(e);
        }
    }

    /** What running a preset costs ({@code Presets.estimate}): {@code {quick, full}}, each null for an analysis. */
    @JSExport
    public static String estimatePreset(String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quick", Presets.estimate(name, true));
        m.put("full", Presets.estimate(name, false));
        return Json.write(m);
    }

    /** Where each series sits in the run's packed records, and their stride ({@code Trace.columns}). */
    @JSExport
    public static String columns(int handle) {
        return Json.write(RUNS.get(handle).trace().columns());
    }

    /**
     * Advances the run by at most {@code maxSteps} steps and returns the records taken since record
     * {@code fromRecord}, packed row after row.
     */
    @JSExport
    public static double[] advance(int handle, int maxSteps, int fromRecord) {
        Run run = RUNS.get(handle);
        run.advance(maxSteps);
        return run.trace().packed(Math.min(fromRecord, run.trace().size()));
    }

    /** The learning rate the run uses (after the optional width scaling), for t = η·k. */
    @JSExport
    public static double learningRate(int handle) {
        return RUNS.get(handle).learningRate();
    }

    /** What took the run's steps: "wasm-simd", "wasm" or "java" (this build's own code). */
    @JSExport
    public static String stepper(int handle) {
        return RUNS.get(handle).engine();
    }

    @JSExport
    public static int currentStep(int handle) {
        return RUNS.get(handle).step();
    }

    /** "running", "done" or "diverged". */
    @JSExport
    public static String status(int handle) {
        return RUNS.get(handle).status().name().toLowerCase();
    }

    @JSExport
    public static String message(int handle) {
        return RUNS.get(handle).message();
    }

    @JSExport
    public static String digest(int handle) {
        return RUNS.get(handle).digest();
    }

    /**
     * The greedy algorithm's stages on this worker's kernel (the same bits, several times faster than this
     * build's Java engine), each stage reported to the page as it starts.
     */
    private static void greedyOnKernel() {
        Greedy.useEngine(steppers());
        Greedy.useProgress((width, max) -> progress("greedy", width, max));
    }

    /** Tells the page how far a long call is (the worker posts it with the call's token; engine-worker.js). */
    @org.teavm.jso.JSBody(params = {"what", "done", "total"},
            script = "if (self.callProgress) self.callProgress(what, done, total);")
    private static native void progress(String what, int done, int total);

    /** The matrix a run of the spec learns ({@code Tasks.target}), for seed index {@code seedIndex}. */
    @JSExport
    public static String target(String specJson, int seedIndex) {
        try {
            ExperimentSpec spec = ExperimentSpec.parse(specJson);
            return Json.write(saddlelab.experiment.spec.Tasks.target(spec, spec.runSeed(seedIndex)));
        } catch (SpecException e) {
            return errorJson(e);
        }
    }

    /** This run's entry of the results document (same writer as the command line). */
    @JSExport
    public static String runJson(int handle) {
        return Results.runJson(RUNS.get(handle));
    }

    /**
     * The greedy low-rank algorithm for the spec's task and depth (document of {@code Greedy.document}),
     * or the error object of {@link #validate}.
     */
    @JSExport
    public static String greedy(String specJson, double epsilon, double tolerance, int stepsPerStage) {
        try {
            ExperimentSpec spec = ExperimentSpec.parse(specJson);
            Budget.BROWSER.checkGreedy(spec);
            if (spec.depth < 2) {
                return errorJson(new SpecException("depth", "the greedy algorithm needs depth of at least 2"));
            }
            greedyOnKernel();
            return Json.write(Greedy.document(spec, epsilon, tolerance, Math.max(1, stepsPerStage)));
        } catch (SpecException e) {
            return errorJson(e);
        }
    }

    /** An analysis result with its sentences ({@code text}, from {@code AnalysisText}: the page shows them as they are). */
    private static String withText(String kind, java.util.Map<String, Object> result) {
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>(result);
        out.put("text", saddlelab.experiment.readings.AnalysisText.lines(kind, result));
        return Json.write(out);
    }

    /** Escape time against α ({@code Analyses.escapeTimes}); alphas as a JSON array. */
    @JSExport
    public static String escapeTimes(String specJson, String alphasJson, double r) {
        try {
            return withText("escape", Analyses.escapeTimes(ExperimentSpec.parse(specJson), numbers(alphasJson, "alphas", 1e-12, 10), r));
        } catch (SpecException e) {
            return errorJson(e);
        }
    }

    /** Theorem 1 against the width ({@code Analyses.geometry}); lists as JSON arrays. */
    @JSExport
    public static String geometry(String specJson, String widthsJson, String gammasJson, int seeds) {
        try {
            double[] w = numbers(widthsJson, "widths", 1, 4096);
            int[] widths = new int[w.length];
            for (int i = 0; i < w.length; i++) {
                widths[i] = (int) w[i];
            }
            return withText("geometry", Analyses.geometry(ExperimentSpec.parse(specJson), widths, numbers(gammasJson, "gammas", 0, 20),
                    Math.max(1, Math.min(seeds, 10))));
        } catch (SpecException e) {
            return errorJson(e);
        }
    }

    /**
     * A sweep of one spec field ({@code Sweep.of}): {@code [{"label", "spec"}]} with canonical specs, or
     * the error object naming the field.
     */
    @JSExport
    public static String sweep(String specJson, String field, String valuesJson) {
        try {
            double[] values = numbers(valuesJson, "sweep.values", -Double.MAX_VALUE, Double.MAX_VALUE,
                    saddlelab.experiment.figures.Sweep.MAX_VALUES);
            return saddlelab.experiment.figures.Sweep.json(saddlelab.experiment.figures.Sweep.of(ExperimentSpec.parse(specJson), field,
                    values));
        } catch (SpecException e) {
            return errorJson(e);
        }
    }

    private static double[] numbers(String json, String field, double min, double max) {
        return numbers(json, field, min, max, 12);
    }

    private static double[] numbers(String json, String field, double min, double max, int most) {
        boolean bounded = min > -Double.MAX_VALUE || max < Double.MAX_VALUE;
        String form = "give 1 to " + most + " numbers" + (bounded ? " between " + NumberText.approx(min, 3) + " and "
                + NumberText.approx(max, 3) : "") + " separated by commas, e.g. " + example(min, max);
        Object v = Json.parse(json);
        if (!(v instanceof java.util.List) || ((java.util.List<?>) v).isEmpty() || ((java.util.List<?>) v).size() > most) {
            throw new SpecException(field, form + (v instanceof java.util.List ? " (got " + ((java.util.List<?>) v).size() + ")"
                    : ""));
        }
        java.util.List<?> list = (java.util.List<?>) v;
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            Object o = list.get(i);
            if (!(o instanceof Double) || !((Double) o >= min && (Double) o <= max)) {
                throw new SpecException(field, form + " (got " + (o instanceof String ? "\"" + o + "\""
                        : o instanceof Double ? NumberText.approx((Double) o, 6) : String.valueOf(o)) + ")");
            }
            out[i] = (Double) o;
        }
        return out;
    }

    private static String example(double min, double max) {
        if (max <= 10 && min > 0) {
            return "1e-2, 1e-3"; // α values
        }
        if (min >= 1) {
            return "10, 100, 1000"; // widths
        }
        return "0.75, 1, 2";
    }

    /**
     * A results document built from runs the page holds ({@code runJson} of each): {@code kind} "run"
     * ({@code {"spec", "runs"}} in {@code entriesJson}), "preset" or "sweep" (a list of {@code {"label",
     * "key", "spec", "runs"}} with {@code name} the preset or the swept field), written by the same
     * {@link Results} as the command line, summary and checks included; or the error object.
     */
    @JSExport
    public static String document(String kind, String name, boolean quick, String entriesJson) {
        try {
            greedyOnKernel(); // the preset checks' greedy stages (Fig. 6)
            return saddlelab.experiment.documents.Documents.build(kind, name, quick, entriesJson);
        } catch (SpecException e) {
            return errorJson(e);
        }
    }

    private static saddlelab.experiment.documents.Documents.Read imported;

    /**
     * Reads a results document for viewing ({@code Documents.read}): {@code {"configurations": [{"label",
     * "key", "spec", "columns", "runs": [run documents without their series]}], "summary", "checks"}}, or
     * the error object. The series of run {@code r} of configuration {@code c} follow from
     * {@link #importedSeries}, packed like live records.
     */
    @JSExport
    public static String readResults(String text) {
        try {
            imported = saddlelab.experiment.documents.Documents.read(text);
        } catch (SpecException e) {
            imported = null;
            return errorJson(e);
        }
        List<Object> configurations = new ArrayList<>();
        for (saddlelab.experiment.documents.Documents.Entry e : imported.entries) {
            java.util.Map<String, Object> c = new java.util.LinkedHashMap<>();
            c.put("label", e.label);
            c.put("key", e.key);
            c.put("spec", e.spec.toMap());
            c.put("columns", e.traces.isEmpty() ? null : e.traces.get(0).columns());
            List<Object> runs = new ArrayList<>();
            for (java.util.Map<String, Object> r : e.runs) {
                java.util.Map<String, Object> copy = new java.util.LinkedHashMap<>(r);
                copy.remove("series"); // the page gets them packed, below
                copy.put("json", Json.write(r));
                runs.add(copy);
            }
            c.put("runs", runs);
            configurations.add(c);
        }
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("configurations", configurations);
        out.put("summary", imported.summary);
        out.put("checks", imported.checks);
        return Json.write(out);
    }

    /** Run {@code r} of configuration {@code c} of the last document read, packed (see {@link #columns}). */
    @JSExport
    public static double[] importedSeries(int c, int r) {
        saddlelab.experiment.run.Trace t = imported.entries.get(c).traces.get(r);
        return t.packed(0);
    }

    /** The benchmark cases ({@code BenchCases.json}), for bench.html. */
    @JSExport
    public static String benchCases() {
        return saddlelab.experiment.figures.BenchCases.json();
    }

    /** The built-in presets ({@code Presets.json}). */
    @JSExport
    public static String presets() {
        return saddlelab.experiment.figures.Presets.json();
    }

    /** This run's series as CSV lines (no header). */
    @JSExport
    public static String runCsv(int handle) {
        return Results.csv(RUNS.get(handle), false);
    }

    /** The CSV header line for this run's series. */
    @JSExport
    public static String csvHeader(int handle) {
        return Results.csvHeader(RUNS.get(handle));
    }

    /** Frees a run's memory; its handle is not reused. */
    @JSExport
    public static void release(int handle) {
        Run run = RUNS.get(handle);
        if (run != null) {
            run.close();
        }
        RUNS.set(handle, null);
    }
}
