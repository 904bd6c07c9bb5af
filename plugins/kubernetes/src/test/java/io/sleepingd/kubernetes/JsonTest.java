package io.sleepingd.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsTheFieldsOfAnApiAnswer() {
        Object deployment = Json.parse("""
                {"kind": "Deployment", "metadata": {"name": "web", "generation": 4},
                 "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}}},
                 "status": {"readyReplicas": 1, "conditions": [{"type": "Available", "status": "True"}],
                            "note": "tab\\there, quote \\" and \\u00e9", "ratio": -1.5e2, "paused": false}}
                """);

        assertEquals(Optional.of("web"), Json.string(deployment, "metadata", "name"));
        assertEquals(4, Json.number(deployment, "metadata", "generation"));
        assertEquals(1, Json.number(deployment, "status", "readyReplicas"));
        assertEquals(Map.of("app", "web"), Json.at(deployment, "spec", "selector", "matchLabels").orElseThrow());
        assertEquals(List.of(Map.of("type", "Available", "status", "True")), Json.array(deployment, "status", "conditions"));
        assertEquals(Optional.of("tab\there, quote \" and \u00e9"), Json.string(deployment, "status", "note"));
        assertEquals(Optional.of(-150.0), Json.at(deployment, "status", "ratio"));
        assertEquals(Optional.of(false), Json.at(deployment, "status", "paused"));
    }

    @Test
    void aMissingOrNullCountIsZeroAsTheApiOmitsZeros() {
        Object deployment = Json.parse("{\"status\": {\"replicas\": null}}");

        assertEquals(0, Json.number(deployment, "status", "readyReplicas"));
        assertEquals(0, Json.number(deployment, "status", "replicas"));
        assertEquals(Optional.of(Json.NULL), Json.at(deployment, "status", "replicas"));
        assertEquals(List.of(), Json.array(deployment, "status", "conditions"));
    }

    @Test
    void refusesWhatIsNotJsonSayingWhere() {
        assertEquals("not JSON: a member name is missing at character 10",
                assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1, }")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": \"open"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{} {}"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("<html>"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[".repeat(1000)));
    }
}
