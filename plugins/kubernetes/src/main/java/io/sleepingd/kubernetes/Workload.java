package io.sleepingd.kubernetes;

/**
 * The Deployment or StatefulSet a service sleeps as: its API paths and how messages name it.
 *
 * @param kind      deployment or statefulset
 * @param name      its name
 * @param namespace its namespace
 */
record Workload(WorkloadKind kind, String name, String namespace) {

    /** The object's path, relative to the API server's URL. */
    String path() {
        return "/apis/apps/v1/namespaces/" + namespace + "/" + kind.resource() + "/" + name;
    }

    /** Its scale subresource's path. */
    String scalePath() {
        return path() + "/scale";
    }

    /** The path of the namespace's pods that {@code labelSelector} (URL-encoded) selects. */
    String podsPath(String labelSelector) {
        return "/api/v1/namespaces/" + namespace + "/pods?labelSelector=" + labelSelector;
    }

    /** As the API server names it: {@code deployments.apps "web" in namespace "shop"}. */
    @Override
    public String toString() {
        return kind.resource() + ".apps \"" + name + "\" in namespace \"" + namespace + "\"";
    }
}
