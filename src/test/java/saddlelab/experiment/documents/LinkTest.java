package saddlelab.experiment.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import saddlelab.experiment.spec.ExperimentSpec;
import saddlelab.experiment.spec.SpecException;

class LinkTest {
    static final String SPEC = "{\"task\":{\"type\":\"completion\",\"rows\":8,\"cols\":8,\"rank\":2,\"observed\":0.8},"
            + "\"depth\":3,\"width\":20,\"init\":{\"gamma\":2},\"learningRate\":0.2,\"steps\":3000,\"seed\":3}";

    @Test
    void theIdIsTheContentAddressOfTheCanonicalDocument() throws Exception {
        Link p = Link.parse("{\"title\":\"  Fig. 1 again \",\"spec\":" + SPEC + "}");
        assertEquals("Fig. 1 again", p.title);
        assertEquals("{\"spec\":" + ExperimentSpec.parse(SPEC).toJson() + ",\"title\":\"Fig. 1 again\"}", p.document);
        // independently: java.security SHA-256 and java.util.Base64
        byte[] sha = MessageDigest.getInstance("SHA-256")
                .digest((Link.VERSION_TAG + p.document).getBytes(StandardCharsets.UTF_8));
        assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(sha).substring(0, 11), p.id);
        assertTrue(Link.isId(p.id));
        // the same content written differently (key order, spacing, defaults spelled out) has the same id
        String reordered = "{ \"spec\": " + ExperimentSpec.parse(SPEC).toJson() + " , \"title\": \"Fig. 1 again\" }";
        assertEquals(p.id, Link.parse(reordered).id);
        // another title, another preset
        assertNotEquals(p.id, Link.parse("{\"title\":\"other\",\"spec\":" + SPEC + "}").id);
        assertEquals(Link.parse("{\"spec\":" + SPEC + "}").document,
                "{\"spec\":" + ExperimentSpec.parse(SPEC).toJson() + "}");
    }

    @Test
    void base64UrlMatchesTheJdk() {
        java.util.Random random = new java.util.Random(5);
        for (int n = 0; n < 40; n++) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(b), Link.base64Url(b));
        }
    }

    @Test
    void markupIsKeptAsTextAndBadFieldsAreNamed() {
        String html = "<img src=x onerror=alert(1)>";
        assertEquals(html, Link.parse("{\"title\":\"" + html + "\",\"spec\":" + SPEC + "}").title);
        assertField("spec", "{\"title\":\"x\"}");
        assertField("spec.width", "{\"spec\":" + SPEC.replace("\"width\":20", "\"width\":-1") + "}");
        assertField("spec.task.rows", "{\"spec\":" + SPEC.replace("\"rows\":8", "\"rows\":\"8\"") + "}");
        assertField("title", "{\"title\":\"" + "x".repeat(121) + "\",\"spec\":" + SPEC + "}");
        assertField("title", "{\"title\":7,\"spec\":" + SPEC + "}");
        assertField("title", "{\"title\":\"a\\u0000b\",\"spec\":" + SPEC + "}");
        assertField("description", "{\"description\":\"" + "y".repeat(2001) + "\",\"spec\":" + SPEC + "}");
        assertField("owner", "{\"owner\":\"me\",\"spec\":" + SPEC + "}");
        assertTrue(Link.parse("{\"description\":\"two\\nlines\",\"spec\":" + SPEC + "}").description.contains("\n"));
        assertFalse(Link.isId("../../etc/pa"));
        assertFalse(Link.isId("short"));
    }

    static void assertField(String field, String json) {
        SpecException e = assertThrows(SpecException.class, () -> Link.parse(json), json);
        assertEquals(field, e.field(), e.getMessage());
    }
}
