package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PROVIDER=kubernetes against a stand-in for an API server: no Kubernetes API server can be installed
 * on these machines, so the tests run fabric8's mock server (io.fabric8:kubernetes-server-mock, test
 * scope) in this JVM, in CRUD mode: it stores the objects the requests create and patch, over plain
 * http, and the daemon reaches it through a kubeconfig file the test writes (0600, token auth).
 *
 * <p>What the mock does and does not do, read from its code and checked against it: it takes
 * {@code PATCH .../deployments/NAME/scale} with a JSON merge patch as a patch of the Deployment itself
 * (its path parser drops the {@code /scale}), which has the effect a real server's scale subresource
 * has ({@code spec.replicas} is at the same place in a Scale and in the workload); it answers with the
 * workload instead of a Scale, which the provider does not read. It runs no controller and no kubelet,
 * so a {@link Controller} thread here stands in for them: it sees the new {@code spec.replicas} and
 * writes the status a controller would ({@code readyReplicas}, {@code observedGeneration}), and, for
 * the pod tests, creates or deletes a ready pod at 127.0.0.1. Its 404 carries no Kubernetes Status
 * body, so the missing-workload test adds an expectation (the mock's other mode) answering with the
 * Status a real API server sends. The backend the pods or the Service would be is a
 * {@link TestBackend} on 127.0.0.1.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KubernetesIT {
    private static final String NAMESPACE = "shop";

    @TempDir
    Path dir;

    private KubernetesMockServer api;
    private KubernetesClient client;
    private Controller controller;

    @BeforeEach
    void startApiServer() {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        api = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        api.init(InetAddress.getLoopbackAddress(), 0);
        client = api.createClient();
    }

    @AfterEach
    void stopApiServer() throws Exception {
        if (controller != null) {
            controller.close();
        }
        client.close();
        api.destroy();
    }

    /** A kubeconfig as kubectl writes one, for the mock's http URL, readable by its owner only. */
    private Path kubeconfig() throws Exception {
        Path file = dir.resolve("kubeconfig");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - cluster:
                    server: http://127.0.0.1:%d
                  name: mock
                contexts:
                - context:
                    cluster: mock
                    namespace: %s
                    user: sleepingd
                  name: mock
                current-context: mock
                preferences: {}
                users:
                - name: sleepingd
                  user:
                    token: "a-service-account-token"
                """.formatted(api.getPort(), NAMESPACE));
        return file;
    }

    private String config(int port, String keys) throws Exception {
        return """
                [Web]
                BIND=127.0.0.1
                PORT=%d
                PROVIDER=kubernetes
                KUBECONFIG=%s
                IDLE_CHECK_INTERVAL=1
                %s
                """.formatted(port, kubeconfig(), keys);
    }

    private void deployment(String name, int replicas) {
        client.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector().endSpec()
                .build()).create();
    }

    private int replicas(String name) {
        return client.apps().deployments().inNamespace(NAMESPACE).withName(name).get().getSpec().getReplicas();
    }

    @Test
    void theFirstConnectionScalesTheDeploymentUpAndIsRelayedOnceAReplicaIsReady() throws Exception {
        deployment("web", 0);
        AtomicLong firstRequest = new AtomicLong();
        controller = Controller.forDeployments(client, "web", Duration.ofSeconds(1));
        int port = DaemonHarness.freePort();
        try (TestBackend service = TestBackend.listen(0, request -> {
            firstRequest.compareAndSet(0, System.nanoTime());
            return TestBackend.concat("echo:".getBytes(), request);
        });
                DaemonHarness daemon = DaemonHarness.with(dir, config(port, """
                        K8S_NAME=web
                        K8S_REPLICAS=2
                        BACKEND=127.0.0.1:%d
                        IDLE_TIME=600
                        """.formatted(service.port()))).startForeground()) {
            assertEquals("echo:hello", Client.exchange(port, "hello"), daemon.log());

            assertEquals(2, replicas("web"), "scaled to K8S_REPLICAS");
            assertEquals(List.of(2), controller.scales(), "one scale, to 2");
            assertTrue(firstRequest.get() > controller.readySince(), "relayed only after a replica was ready");
        }
    }

    @Test
    void afterIdleTimeTheDeploymentIsScaledToZero() throws Exception {
        deployment("web", 0);
        controller = Controller.forDeployments(client, "web", Duration.ZERO);
        int port = DaemonHarness.freePort();
        try (TestBackend service = TestBackend.echo();
                DaemonHarness daemon = DaemonHarness.with(dir, config(port, """
                        K8S_NAME=web
                        BACKEND=127.0.0.1:%d
                        IDLE_TIME=1
                        """.formatted(service.port()))).startForeground()) {
            assertEquals("echo:hello", Client.exchange(port, "hello"), daemon.log());

            daemon.await("the deployment scaled to 0", Duration.ofSeconds(30), () -> replicas("web") == 0);
            // the controller sees the change on its next round
            daemon.await("the controller to see 1, then 0", Duration.ofSeconds(10),
                    () -> controller.scales().equals(List.of(1, 0)));
            daemon.await("the idle stop counted", Duration.ofSeconds(10),
                    () -> daemon.statusField("Web", "stops.idle").equals("1"));
        }
    }

    @Test
    void aDeploymentThatRunsAlreadyIsAdoptedWithoutScaling() throws Exception {
        deployment("web", 1);
        controller = Controller.forDeployments(client, "web", Duration.ZERO);
        controller.awaitReady();
        int port = DaemonHarness.freePort();
        try (TestBackend service = TestBackend.echo();
                DaemonHarness daemon = DaemonHarness.with(dir, config(port, """
                        K8S_NAME=web
                        K8S_REPLICAS=3
                        BACKEND=127.0.0.1:%d
                        IDLE_TIME=600
                        """.formatted(service.port()))).startForeground()) {
            daemon.await("the running deployment adopted (ON_START_IF_RUNNING)", Duration.ofSeconds(30),
                    () -> daemon.state("Web").startsWith("awake") || daemon.state("Web").startsWith("started"));
            assertEquals("echo:hello", Client.exchange(port, "hello"), daemon.log());

            assertEquals("0", daemon.statusField("Web", "wakes.success"), "relayed without a wake");
            assertEquals(1, replicas("web"), "left at its replicas, not scaled to K8S_REPLICAS");
            assertEquals(List.of(), controller.scales());
        }
    }

    @Test
    void aStatefulSetIsRelayedToAReadyPodOnK8sPort() throws Exception {
        client.apps().statefulSets().inNamespace(NAMESPACE).resource(new StatefulSetBuilder()
                .withNewMetadata().withName("db").withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withReplicas(0).withServiceName("db")
                .withNewSelector().addToMatchLabels("app", "db").endSelector().endSpec()
                .build()).create();
        controller = Controller.forStatefulSets(client, "db", Duration.ZERO);
        int port = DaemonHarness.freePort();
        try (TestBackend pod = TestBackend.echo();
                DaemonHarness daemon = DaemonHarness.with(dir, config(port, """
                        K8S_KIND=statefulset
                        K8S_NAME=db
                        K8S_PORT=%d
                        IDLE_TIME=600
                        """.formatted(pod.port()))).startForeground()) {
            assertEquals("echo:hello", Client.exchange(port, "hello"), daemon.log());

            assertEquals(1, client.apps().statefulSets().inNamespace(NAMESPACE).withName("db").get().getSpec().getReplicas());
            assertEquals(1, pod.connections.get());
        }
    }

    @Test
    void aDeploymentThatDoesNotExistFailsTheWakeWithTheApiServersMessage() throws Exception {
        // The mock's CRUD mode answers 404 with no body; a real API server sends this Status.
        String path = "/apis/apps/v1/namespaces/" + NAMESPACE + "/deployments/missing";
        api.expect().get().withPath(path).andReturn(404, """
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",\
                "message":"deployments.apps \\"missing\\" not found","reason":"NotFound",\
                "details":{"name":"missing","group":"apps","kind":"deployments"},"code":404}""").always();
        int port = DaemonHarness.freePort();
        try (DaemonHarness daemon = DaemonHarness.with(dir, config(port, """
                K8S_NAME=missing
                BACKEND=127.0.0.1:1
                """)).startForeground()) {
            assertEquals("", Client.exchangeOrClosed(port, "wake"));

            String error = daemon.statusField("Web", "lastError.message");
            assertTrue(error.contains("HTTP 404: deployments.apps \"missing\" not found"), error);
            assertTrue(client.apps().deployments().inNamespace(NAMESPACE).list().getItems().isEmpty(),
                    "nothing was created by the failed wake");
        }
    }

    @Test
    void checkConfigRejectsAnUnknownKindAtItsLine() throws Exception {
        DaemonHarness daemon = DaemonHarness.with(dir, config(10001, """
                K8S_KIND=daemonset
                K8S_NAME=web
                BACKEND=127.0.0.1:8080
                """));

        DaemonHarness.Cli check = daemon.cli("check-config");

        assertNotEquals(0, check.exitStatus());
        assertTrue(check.err().contains(daemon.config + ":8: service 'Web': K8S_KIND 'daemonset' is not one of"
                + " deployment, statefulset"), check.err());
    }

    @Test
    void checkConfigRejectsAMissingName() throws Exception {
        DaemonHarness daemon = DaemonHarness.with(dir, config(10001, "BACKEND=127.0.0.1:8080"));

        DaemonHarness.Cli check = daemon.cli("check-config");

        assertNotEquals(0, check.exitStatus());
        assertTrue(check.err().contains("service 'Web'") && check.err().contains("K8S_NAME is required"), check.err());
    }

    @Test
    void theExampleHasOnlyKnownKeysAndFailsHereOnlyForWantOfACluster() throws Exception {
        Path example = Path.of(System.getProperty("sleepingd.examples"), "kubernetes", "sleepingd.conf");
        Path run = Files.writeString(dir.resolve("run.conf"), "VARRUN_PATH=" + dir.resolve("run") + "\n");

        DaemonHarness.Cli check = DaemonHarness.run(dir, DaemonHarness.command("check-config", "-f", run.toString(),
                "-f", example.toString()));

        // this machine is no pod, and has no /etc/sleepingd/kubeconfig: the two services' only problems
        assertTrue(check.err().contains("service 'web': KUBECONFIG is not set and the daemon does not run in a pod"),
                check.err());
        assertTrue(check.err().contains("service 'database': KUBECONFIG /etc/sleepingd/kubeconfig cannot be read"),
                check.err());
        assertTrue(check.err().contains("the configuration has 2 problems"), check.err());
    }

    /**
     * Stands in for the workload's controller and the kubelet, which the mock does not run: every 100
     * ms it reads the workload and, once {@code delay} has passed since {@code spec.replicas} changed,
     * writes the status they would ({@code replicas}, {@code readyReplicas}, {@code observedGeneration})
     * and keeps one ready pod at 127.0.0.1 while replicas are wanted.
     */
    private static final class Controller implements AutoCloseable {
        private final KubernetesClient client;
        private final String name;
        private final boolean statefulSet;
        private final Duration delay;
        private final List<Integer> scales = new CopyOnWriteArrayList<>();
        private volatile long readySince = Long.MAX_VALUE;
        private final Thread thread;

        private Controller(KubernetesClient client, String name, boolean statefulSet, Duration delay) {
            this.client = client;
            this.name = name;
            this.statefulSet = statefulSet;
            this.delay = delay;
            this.thread = Thread.ofVirtual().start(this::run);
        }

        static Controller forDeployments(KubernetesClient client, String name, Duration delay) {
            return new Controller(client, name, false, delay);
        }

        static Controller forStatefulSets(KubernetesClient client, String name, Duration delay) {
            return new Controller(client, name, true, delay);
        }

        /** The values spec.replicas took after the test created the workload, in order. */
        List<Integer> scales() {
            return List.copyOf(scales);
        }

        /** When a replica became ready (System.nanoTime()). */
        long readySince() {
            return readySince;
        }

        void awaitReady() throws InterruptedException {
            while (readySince == Long.MAX_VALUE) {
                Thread.sleep(50);
            }
        }

        private void run() {
            Integer seen = null;
            long changedAt = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    var resource = statefulSet ? client.apps().statefulSets().inNamespace(NAMESPACE).withName(name)
                            : client.apps().deployments().inNamespace(NAMESPACE).withName(name);
                    var object = resource.get();
                    int wanted = statefulSet ? ((io.fabric8.kubernetes.api.model.apps.StatefulSet) object).getSpec().getReplicas()
                            : ((io.fabric8.kubernetes.api.model.apps.Deployment) object).getSpec().getReplicas();
                    if (seen != null && wanted != seen) {
                        scales.add(wanted);
                        changedAt = System.nanoTime();
                    }
                    seen = wanted;
                    if (System.nanoTime() - changedAt >= delay.toNanos()) {
                        long generation = object.getMetadata().getGeneration() == null ? 0 : object.getMetadata().getGeneration();
                        pod(wanted > 0);
                        resource.subresource("status").patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), """
                                {"status":{"replicas":%d,"readyReplicas":%d,"observedGeneration":%d}}"""
                                .formatted(wanted, wanted, generation));
                        if (wanted > 0 && readySince == Long.MAX_VALUE) {
                            readySince = System.nanoTime();
                        }
                    }
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // a conflict with the daemon's own patch: read again on the next round
                }
            }
        }

        /** The workload's one pod, ready at 127.0.0.1, while replicas are wanted. */
        private void pod(boolean wanted) {
            var pods = client.pods().inNamespace(NAMESPACE).withName(name + "-0");
            Pod existing = pods.get();
            if (wanted && existing == null) {
                client.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
                        .withNewMetadata().withName(name + "-0").withNamespace(NAMESPACE).addToLabels("app", name).endMetadata()
                        .withNewStatus().withPhase("Running").withPodIP("127.0.0.1")
                        .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                        .build()).create();
            } else if (!wanted && existing != null) {
                pods.delete();
            }
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(Duration.ofSeconds(10));
        }
    }
}
