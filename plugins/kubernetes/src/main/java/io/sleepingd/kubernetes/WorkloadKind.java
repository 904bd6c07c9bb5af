package io.sleepingd.kubernetes;

/** {@code K8S_KIND}: the workloads of group {@code apps} that have a scale subresource and can sleep at 0. */
public enum WorkloadKind {
    DEPLOYMENT("deployments"),
    STATEFULSET("statefulsets");

    private final String resource;

    WorkloadKind(String resource) {
        this.resource = resource;
    }

    /** The resource's plural name in the API's paths. */
    String resource() {
        return resource;
    }
}
