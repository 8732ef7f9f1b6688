package saddlelab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.NumberText;

/**
 * One's own matrix in the browser (issue 31): a teacher imports a CSV with blanks through the file chooser,
 * sees it previewed, completes it, and the page's link reproduces the run (the command line's digest, and the
 * same digest again from the link on a fresh page); a bad file is named by line and column and changes
 * nothing; data too large for a link are sent to the spec file instead.
 */
class DataImportBrowserTest extends BrowserTestBase {
    /** A 9 × 7 rank-2 matrix (integer factors) with about a third of its cells blank, under a header. */
    static String ratingsCsv() {
        StringBuilder csv = new StringBuilder("m1,m2,m3,m4,m5,m6,m7\n");
        for (int i = 0; i < 9; i++) {
            for (int j = 0; j < 7; j++) {
                double v = (1 + i % 3) * (1 + j % 4) + 0.5 * (i % 2) * (j % 3);
                boolean blank = (i * 7 + j) % 3 == 1 && (i + j) % 4 != 0;
                csv.append(j > 0 ? "," : "").append(blank ? "" : NumberText.format(v));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    void importFile(String name, String text) throws Exception {
        Path file = TempDirs.directory("saddle-lab-csv").resolve(name);
        Files.writeString(file, text);
        // the file chooser's input, as a person's choice reaches it (shown, since WebDriver types only into visible inputs)
        js("document.getElementById('data-file').hidden = false;");
        WebElement input = driver.findElement(By.id("data-file"));
        input.sendKeys(file.toString());
        waitFor("window.__lab.dataPreview && window.__lab.dataPreview.name === arguments[0]"
                + " && !document.getElementById('data-preview').hidden", Duration.ofSeconds(30), name);
    }

    void openPage() {
        driver.get("about:blank");
        driver.get(base);
        waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled", Duration.ofSeconds(60));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCsvWithBlanksIsCompletedAndItsLinkReproducesTheRun() throws Exception {
        openPage();
        importFile("ratings.csv", ratingsCsv());
        Map<String, Object> preview = (Map<String, Object>) js("return window.__lab.dataPreview;");
        assertEquals(9L, ((Number) preview.get("rows")).longValue());
        assertEquals(7L, ((Number) preview.get("cols")).longValue());
        assertEquals(Boolean.TRUE, preview.get("header"));
        assertEquals(8L, ((Number) js("return document.querySelectorAll('#data-preview tbody tr').length;")).longValue(),
                "the first 8 rows previewed");
        js("document.getElementById('data-file').hidden = true;");
        AccessibilityBrowserTest.assertNone("the CSV preview open");
        driver.findElement(By.xpath("//button[text()='Use these data']")).click();
        waitFor("document.getElementById('data-summary').textContent.startsWith('9 × 7 matrix')"
                + " && location.hash.includes('entries') && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        assertTrue((Boolean) js("return document.querySelector('[name=\"task.rows\"]').closest('label').hidden;"),
                "the generated task's shape gives way to the data");
        assertEquals(Boolean.FALSE, js("const v = [...document.getElementById('sweep-field').options].map(o => o.value);"
                + " return v.includes('task.rank') || v.includes('task.observed') || !v.includes('depth');"),
                "the sweep list offers no rank or observed fraction for one's own matrix");
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.runs.length >= 1 && window.__lab.runs.every(r => r.json)", Duration.ofSeconds(300));
        String url = (String) js("return location.href;");
        String canonical = java.net.URLDecoder.decode(url.substring(url.indexOf("#spec=") + 6).split("&")[0],
                java.nio.charset.StandardCharsets.UTF_8);
        ExperimentSpec spec = ExperimentSpec.parse(canonical);
        assertEquals(0.1, spec.task.holdout, "a tenth held out, Java's default");
        String digest = (String) js("return window.__lab.runs[0].digest;");
        assertEquals(new Run(spec, 0).complete().digest(), digest, "the command line's run");
        Object json = js("const j = window.__lab.runs[0].json; return typeof j === 'string' ? j : JSON.stringify(j);");
        Map<String, Object> doc = (Map<String, Object>) saddlelab.experiment.spec.Json.parse((String) json);
        Map<String, Object> data = (Map<String, Object>) doc.get("data");
        assertEquals(spec.task.dataSha256(), data.get("sha256"), "the document names the data");
        // the link on a fresh page: the same data, the same run
        driver.get("about:blank");
        driver.get(url);
        waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled"
                + " && document.getElementById('data-summary').textContent.startsWith('9 × 7')", Duration.ofSeconds(60));
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.runs.length === 1 && window.__lab.runs[0].json", Duration.ofSeconds(300));
        assertEquals(digest, js("return window.__lab.runs[0].digest;"), "the link reproduces the run");
        // back to generated data: a matrix of the data's shape
        driver.findElement(By.xpath("//button[text()='Use generated data']")).click();
        waitFor("!location.hash.includes('entries') && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        assertEquals("9", js("return document.querySelector('[name=\"task.rows\"]').value;"));
        java.util.List<String> console = severeConsoleMessages();
        assertTrue(console.isEmpty(), "console: " + console);
    }

    /** A table of labelled samples, imported as a classification: learned, with the command line's digest. */
    @Test
    @SuppressWarnings("unchecked")
    void labelledSamplesAreImportedAsAClassificationAndLearned() throws Exception {
        openPage();
        saddlelab.engine.Rng rng = new saddlelab.engine.Rng(3);
        StringBuilder csv = new StringBuilder("x1,x2,x3,x4,label\n");
        for (int i = 0; i < 120; i++) {
            double[] x = new double[4];
            rng.fillGaussian(x, 1.0);
            double[] score = {x[0] + x[1], x[2] - x[0], -x[1] - x[3]};
            int label = score[0] >= score[1] && score[0] >= score[2] ? 0 : score[1] >= score[2] ? 1 : 2;
            for (double v : x) {
                csv.append(NumberText.format(v)).append(',');
            }
            csv.append(label).append('\n');
        }
        importFile("labelled.csv", csv.toString());
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("data-kind"))).selectByValue("classification");
        driver.findElement(By.xpath("//button[text()='Use these data']")).click();
        waitFor("document.querySelector('[name=\"task.type\"]').value === 'classification'"
                + " && location.hash.includes('samples') && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        assertEquals("crossEntropy", js("return document.querySelector('[name=\"task.loss\"]').value;"), "labels 0 … 2");
        // fewer steps than the form's, so the test stays short
        WebElement steps = driver.findElement(By.name("steps"));
        steps.clear();
        steps.sendKeys("3000");
        WebElement eta = driver.findElement(By.name("learningRate"));
        eta.clear();
        eta.sendKeys("0.1");
        waitFor("location.hash.includes('%22steps%22%3A3000') && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.runs.length >= 1 && window.__lab.runs.every(r => r.json)", Duration.ofSeconds(300));
        String url = (String) js("return location.href;");
        ExperimentSpec spec = ExperimentSpec.parse(java.net.URLDecoder.decode(url.substring(url.indexOf("#spec=") + 6)
                .split("&")[0], java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(3, spec.task.classes);
        assertEquals(108, spec.task.train, "a tenth of 120 held out");
        Run run = new Run(spec, 0).complete();
        assertEquals(run.digest(), js("return window.__lab.runs[0].digest;"), "the command line's run");
        saddlelab.experiment.run.Trace t = run.trace();
        assertTrue(t.get(t.size() - 1, saddlelab.experiment.run.Trace.TEST_ACCURACY) >= 0.8, "learned");
        waitFor("!document.getElementById('chart-accuracy').parentElement.hidden", Duration.ofSeconds(30));
    }

    @Test
    void aBadFileIsNamedByLineAndColumnAndChangesNothing() throws Exception {
        openPage();
        String before = (String) js("return location.hash;");
        importFile("bad.csv", "a,b,c\n1,2,3\n4,five,6\n");
        String error = (String) js("return document.querySelector('#data-preview .error').textContent;");
        assertTrue(error.contains("line 3, column 2: “five” is not a number"), error);
        assertEquals(Boolean.TRUE, js("return document.querySelector('#data-preview button.primary').disabled;"));
        js("document.getElementById('data-file').hidden = true;");
        AccessibilityBrowserTest.assertNone("a bad file's preview");
        importFile("ragged.csv", "1,2,3\n4,5\n");
        assertTrue(((String) js("return document.querySelector('#data-preview .error').textContent;"))
                .contains("line 2: has 2 cells where line 1 has 3"));
        importFile("empty.csv", "\n\n");
        assertTrue(((String) js("return document.querySelector('#data-preview .error').textContent;")).contains("empty"));
        driver.findElement(By.xpath("//div[@id='data-preview']//button[text()='Cancel']")).click();
        assertEquals(before, js("return location.hash;"), "nothing changed");
        assertEquals("", js("return document.querySelector('[name=\"task.entries\"]').value;"));
    }

    @Test
    void dataTooLargeForALinkAreSentToTheSpecFile() throws Exception {
        openPage();
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            for (int j = 0; j < 40; j++) {
                csv.append(j > 0 ? "," : "").append((i + j) % 5 == 0 ? "" : NumberText.format(0.123456789 * (i + 1) * (j + 1)));
            }
            csv.append('\n');
        }
        importFile("big.csv", csv.toString());
        driver.findElement(By.xpath("//button[text()='Use these data']")).click();
        waitFor("location.hash.includes('entries') && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        driver.findElement(By.id("share")).click();
        waitFor("window.__lab.linkTooLong > 8000", Duration.ofSeconds(30));
        String note = (String) js("return document.getElementById('share-note').textContent;");
        assertTrue(note.contains("Download spec"), note);
        driver.findElement(By.id("create-link")).click();
        waitFor("document.getElementById('share-note').textContent.includes('too large for a short link')", Duration.ofSeconds(30));
        // the browser logs the server's 413 itself; nothing else went wrong
        java.util.List<String> console = severeConsoleMessages();
        assertTrue(console.stream().allMatch(m -> m.contains("api/links") && m.contains("413")), "console: " + console);
        js("document.getElementById('share').click();"); // close the panel
    }
}
