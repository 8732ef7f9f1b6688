package saddlelab.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import saddlelab.experiment.documents.Link;
import saddlelab.experiment.run.Run;
import saddlelab.experiment.spec.ExperimentSpec;

/** Sharing in a real browser: the Share panel's short link, /p/{id} reproducing the run, titles as text. */
class ShareBrowserTest extends BrowserTestBase {
    static final String SPEC = "{\"task\":{\"type\":\"completion\",\"rows\":8,\"cols\":8,\"rank\":2,\"observed\":0.8},"
            + "\"depth\":3,\"width\":20,\"init\":{\"gamma\":2},\"learningRate\":0.2,\"steps\":3000,\"seed\":3,"
            + "\"records\":40}";

    @Test
    void theShareButtonMakesAShortLinkThatReproducesTheRun() {
        driver.get("about:blank");
        driver.get(link("", SPEC));
        waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        // the fragment holds the canonical spec
        String canonical = ExperimentSpec.parse(SPEC).toJson();
        assertEquals(canonical, js("return new URLSearchParams(location.hash.slice(1)).get('spec');"));
        driver.findElement(By.id("share")).click();
        driver.findElement(By.id("share-title")).sendKeys("My 8×8 run");
        driver.findElement(By.id("create-link")).click();
        waitFor("window.__lab.shortLink", Duration.ofSeconds(60));
        String id = (String) js("return window.__lab.shortLink;");
        assertEquals(Link.parse("{\"title\":\"My 8×8 run\",\"spec\":" + SPEC + "}").id, id);
        String shown = driver.findElement(By.id("share-link")).getAttribute("value");
        assertEquals(base + "l/" + id, shown);
        // a colleague opens it: same spec, same digest as the JVM
        driver.get("about:blank");
        driver.get(shown);
        waitFor("window.__lab && window.__lab.sharedLink && !document.getElementById('run').disabled"
                + " && location.hash.includes('spec=')", Duration.ofSeconds(30));
        assertEquals("My 8×8 run", driver.findElement(By.id("shared-title")).getText());
        assertEquals(canonical, js("return new URLSearchParams(location.hash.slice(1)).get('spec');"));
        driver.findElement(By.id("run")).click();
        waitFor("window.__lab.runs.length === 1 && window.__lab.runs[0].status === 'done'", Duration.ofSeconds(60));
        assertEquals(new Run(ExperimentSpec.parse(SPEC), 0).complete().digest(), js("return window.__lab.runs[0].digest;"));
    }

    @Test
    void aTitleWithMarkupShowsAsTextAndRunsNoScript() throws Exception {
        String title = "<img src=x onerror=alert(1)><img src=y onerror=\\\"window.__xss=1\\\">";
        String description = "<script>window.__xss=2</script><b>bold?</b>";
        String body = "{\"title\":\"" + title + "\",\"description\":\"" + description + "\",\"spec\":" + SPEC + "}";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "api/links"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        Link p = Link.parse(body);
        driver.get("about:blank");
        driver.get(base + "l/" + p.id);
        waitFor("window.__lab && window.__lab.sharedLink", Duration.ofSeconds(30));
        Thread.sleep(500); // give an injected handler the time it would need
        assertEquals(p.title, driver.findElement(By.id("shared-title")).getText());
        assertEquals(p.description, driver.findElement(By.id("shared-description")).getText());
        assertEquals(0L, ((Number) js("return document.querySelectorAll('#shared img, #shared script, #shared b').length;"))
                .longValue());
        assertEquals(null, js("return window.__xss === undefined ? null : window.__xss;"));
        assertTrue(driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .noneMatch(e -> e.getMessage().contains("alert")), "no alert ran");
    }

    @Test
    void theSpecDownloadsAndLoadsBackAsAFile() throws Exception {
        driver.get("about:blank");
        driver.get(link("", SPEC));
        waitFor("window.__lab && window.__lab.ready && !document.getElementById('run').disabled", Duration.ofSeconds(30));
        driver.findElement(By.id("share")).click();
        driver.findElement(By.id("download-spec")).click();
        String canonical = ExperimentSpec.parse(SPEC).toJson();
        assertEquals(canonical + "\n", js("return window.__lab.lastDownload.text;"));
        // another spec from a file (written by hand: any key order, defaults left out)
        String other = SPEC.replace("\"width\":20", "\"width\":24").replace("\"seed\":3", "\"seed\":9");
        java.nio.file.Path file = TempDirs.file("saddle-lab-spec", ".json");
        java.nio.file.Files.writeString(file, other);
        driver.findElement(By.id("spec-file")).sendKeys(file.toAbsolutePath().toString());
        waitFor("new URLSearchParams(location.hash.slice(1)).get('spec') === arguments[0]", Duration.ofSeconds(10),
                ExperimentSpec.parse(other).toJson());
        assertEquals("24", driver.findElement(By.name("width")).getAttribute("value"));
    }

    @Test
    void anUnknownOrMistypedShortLinkOpensTheLabWithTheReason() {
        for (String path : new String[] {"?preset=AAAAAAAAAAA", "l/AAAAAAAAAAA", "l/bogus", "p/AAAAAAAAAAA"}) {
            driver.get("about:blank");
            driver.get(base + path);
            waitFor("window.__lab && window.__lab.ready && window.__lab.linkError", Duration.ofSeconds(30));
            String message = driver.findElement(By.id("link-error-text")).getText();
            assertTrue(message.contains("could not be opened") && (message.contains("no link") || message.contains("not a link id")),
                    path + ": " + message);
            assertTrue(driver.findElement(By.id("run")).getAttribute("disabled") != null, "nothing runs: " + path);
            // one click to the default, and the lab is usable
            driver.findElement(By.id("open-default")).click();
            waitFor("!document.getElementById('run').disabled && document.getElementById('link-error').hidden"
                    + " && location.hash.includes('spec=')", Duration.ofSeconds(30));
        }
    }
}
