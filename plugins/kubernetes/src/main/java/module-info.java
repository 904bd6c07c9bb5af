/**
 * {@code PROVIDER=kubernetes}: scales a Deployment or StatefulSet from 0 when a connection comes and
 * back to 0 when idle, through the API server's scale subresource.
 */
module io.sleepingd.kubernetes {
    requires io.sleepingd.spi;
    requires org.slf4j;
    requires java.net.http;
    provides io.sleepingd.spi.BackendProvider with io.sleepingd.kubernetes.KubernetesProvider;
}
