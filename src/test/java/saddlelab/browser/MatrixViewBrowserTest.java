package saddlelab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.interactions.Actions;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.run.Trace;
import saddlelab.experiment.spec.ExperimentSpec;

/**
 * The matrix view as a student uses it: after a run, the learned A at its last record beside A* and
 * A − A*, the same bits as the JVM's record; hovering a time plot moves it to that iteration, and the
 * pointer over a cell reads its values and whether the entry was observed.
 */
class MatrixViewBrowserTest extends BrowserTestBase {
    @Test
    @SuppressWarnings("unchecked")
    void theLearnedMatrixIsShownBesideItsTargetAtTheChosenIteration() throws Exception {
        UxBrowserTest.size(1366, 900);
        UxBrowserTest.open(link("", BrowserLabTest.SPEC));
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.runs.length === 1 && window.__lab.runs[0].json && window.__lab.idle"
                + " && window.__lab.matrix && window.__lab.matrix.target", Duration.ofSeconds(120));
        Map<String, Object> m = (Map<String, Object>) js("return window.__lab.matrix;");
        long records = ((Number) js("return window.__lab.runs[0].records;")).longValue();
        assertEquals(records - 1, ((Number) m.get("record")).longValue(), "the last record while none is chosen");
        assertEquals(8L, ((Number) m.get("rows")).longValue());
        assertEquals(8L, ((Number) m.get("cols")).longValue());
        // the page's A is the JVM's A at the same record, bit for bit
        ExperimentSpec spec = ExperimentSpec.parse(BrowserLabTest.SPEC);
        Run jvm = new Run(spec, 0).complete();
        Trace t = jvm.trace();
        double[] expected = t.row(t.size() - 1, t.matrixColumn(), t.matrixCount());
        List<Number> page = (List<Number>) js("return window.__lab.runs[0].lastMatrix;");
        assertEquals(expected.length, page.size());
        for (int k = 0; k < expected.length; k++) {
            assertEquals(Double.doubleToLongBits(expected[k]), Double.doubleToLongBits(page.get(k).doubleValue()), "entry " + k);
        }
        // three heatmaps, square cells, something drawn
        for (String id : new String[] {"matrix-a", "matrix-target", "matrix-diff"}) {
            Map<String, Object> c = (Map<String, Object>) js("const c = document.getElementById(arguments[0]);"
                    + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                    + "let ink = 0; for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 250 || d[i + 2] < 250)) ink++;"
                    + "return {w: c.width, h: c.height, ink};", id);
            assertEquals(((Number) c.get("w")).longValue(), ((Number) c.get("h")).longValue(), id + " square: " + c);
            assertTrue(((Number) c.get("w")).longValue() >= 8 * 3 && ((Number) c.get("ink")).longValue() > 0, id + ": " + c);
        }
        // hovering the loss plot early in the run picks an earlier record
        org.openqa.selenium.WebElement loss = driver.findElement(By.id("chart-loss"));
        js("arguments[0].scrollIntoView({block: 'center'});", loss);
        int w = loss.getSize().getWidth();
        new Actions(driver).moveToElement(loss, -w / 2 + 80, 0).perform();
        waitFor("window.__lab.crosshair !== null && window.__lab.matrix.record < " + (records - 1), Duration.ofSeconds(10));
        double k = ((Number) js("return window.__lab.crosshair;")).doubleValue();
        double step = ((Number) js("return window.__lab.matrix.step;")).doubleValue();
        assertTrue(step <= k, "the record at or before the crosshair's iteration: " + step + " vs " + k);
        // the pointer over a cell reads its values
        org.openqa.selenium.WebElement a = driver.findElement(By.id("matrix-a"));
        js("arguments[0].scrollIntoView({block: 'center'});", a);
        new Actions(driver).moveToElement(a, 2 - a.getSize().getWidth() / 2, 2 - a.getSize().getHeight() / 2).perform();
        waitFor("document.getElementById('matrix-readout').textContent.startsWith('row 1, column 1')", Duration.ofSeconds(10));
        String readout = driver.findElement(By.id("matrix-readout")).getText();
        assertTrue(readout.contains("A* = ") && readout.contains("A − A* = ")
                && (readout.endsWith("(observed)") || readout.endsWith("(held out)")), readout);
        UxBrowserTest.shoot("matrix-view.png"); // to look at (target/screenshots)
        assertTrue(severeConsoleMessages().isEmpty(), "console: " + severeConsoleMessages());
    }
}
