package io.sleepingd.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeconfigYamlTest {

    @Test
    void readsAKubeconfigAsKubectlWritesIt() {
        Object config = KubeconfigYaml.parse("""
                apiVersion: v1
                # written by kubectl config
                clusters:
                - cluster:
                    certificate-authority-data: LS0tLS1CRUdJTg==
                    server: https://10.0.0.1:6443  # the control plane
                  name: prod
                contexts:
                - context:
                    cluster: prod
                    namespace: "shop"
                    user: 'sleepingd''s account'
                  name: prod
                current-context: prod
                kind: Config
                preferences: {}
                users:
                - name: "sleepingd's account"
                  user:
                    token: abc#def
                """);

        assertEquals(Map.of(
                "apiVersion", "v1",
                "clusters", List.of(Map.of("cluster", Map.of("certificate-authority-data", "LS0tLS1CRUdJTg==",
                        "server", "https://10.0.0.1:6443"), "name", "prod")),
                "contexts", List.of(Map.of("context", Map.of("cluster", "prod", "namespace", "shop",
                        "user", "sleepingd's account"), "name", "prod")),
                "current-context", "prod",
                "kind", "Config",
                "preferences", Map.of(),
                "users", List.of(Map.of("name", "sleepingd's account", "user", Map.of("token", "abc#def")))), config);
    }

    @Test
    void readsSequencesIndentedUnderTheirKeyAndScalarItems() {
        Object config = KubeconfigYaml.parse("""
                users:
                  - name: a
                    user:
                      token: t
                  -   name: b
                names:
                - one
                - "two: 2"
                """);

        assertEquals(Map.of("users", List.of(Map.of("name", "a", "user", Map.of("token", "t")), Map.of("name", "b")),
                "names", List.of("one", "two: 2")), config);
    }

    @Test
    void refusesYamlOutsideTheSubsetWithItsLine() {
        assertEquals("line 3: '|' starts YAML that kubeconfig files do not need and sleepingd does not read"
                        + " (flow collections, block scalars, anchors, tags)",
                assertThrows(IllegalArgumentException.class, () -> KubeconfigYaml.parse("""
                        users:
                        - name: a
                          token: |
                            abc
                        """)).getMessage());
        assertEquals("line 2: a tab in the indentation (YAML indents with spaces)",
                assertThrows(IllegalArgumentException.class, () -> KubeconfigYaml.parse("a:\n\tb: c\n")).getMessage());
        assertEquals("line 2: 'a' appears twice",
                assertThrows(IllegalArgumentException.class, () -> KubeconfigYaml.parse("a: 1\na: 2\n")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> KubeconfigYaml.parse("a: 1\n  b: 2\n"));
    }
}
