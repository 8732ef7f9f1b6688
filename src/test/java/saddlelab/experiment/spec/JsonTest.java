package saddlelab.experiment.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void readsAndWritesCanonically() {
        Object v = Json.parse(" {\"b\": [1, 2.5, -3e-7, true, null], \"a\": {\"y\": \"\\u00e9\\n\", \"x\": false}} ");
        assertEquals("{\"a\":{\"x\":false,\"y\":\"é\\n\"},\"b\":[1,2.5,-3e-7,true,null]}", Json.write(v));
        assertTrue(((Map<?, ?>) v).get("b") instanceof List);
    }

    @Test
    void rejectsWhatJacksonWouldAcceptByDefault() {
        String[] bad = {
            "{\"a\":1,\"a\":2}", // duplicate key
            "{\"a\":1} x", // trailing token
            "{\"a\":1}}",
            "[1,]", "{\"a\":01}", "{\"a\":.5}", "{\"a\":NaN}", "{\"a\":Infinity}", "{'a':1}", "{a:1}",
            "\"\\x\"", "[1 2]", "", "   ", "{\"a\":\"\u0001\"}", "{\"a\":1e999}", "tru", "[\"unterminated]",
        };
        for (String b : bad) {
            assertThrows(SpecException.class, () -> Json.parse(b), b);
        }
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertThrows(SpecException.class, () -> Json.parse(deep));
        String longString = "\"" + "x".repeat(Json.MAX_STRING + 1) + "\"";
        assertThrows(SpecException.class, () -> Json.parse(longString));
    }

    @Test
    void duplicatedKeyErrorNamesTheField() {
        SpecException e = assertThrows(SpecException.class, () -> Json.parse("{\"task\":{\"rows\":1,\"rows\":2}}"));
        assertEquals("task.rows", e.field());
    }

    @Test
    void escapesHtmlSignificantCharacters() {
        assertEquals("\"\\u003cimg\\u003e \\u0026\"", Json.write("<img> &"));
        assertEquals("<img> &", Json.parse(Json.write("<img> &")));
    }
}
