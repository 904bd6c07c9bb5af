/**
 * What an administrator sees of the running daemon, in every form it is asked for: the status as
 * aligned text (the CLI) and as JSON, Prometheus metrics, and the admin HTTP endpoint that serves
 * them ({@code ADMIN_ADDRESS}). Everything renders the same snapshots ({@code ServiceStatus}).
 */
module io.sleepingd.admin {
    requires transitive io.sleepingd.lifecycle; // renders its ServiceStatus snapshots
    requires io.sleepingd.logging; // JSON strings quoted one way
    requires jdk.httpserver; // the admin endpoint: the JDK's own HTTP server, no library
    requires org.slf4j;
    exports io.sleepingd.admin;
}
