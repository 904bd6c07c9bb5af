package io.sleepingd.image;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package: its file list and conffile as dpkg-deb reads them, and an installation with
 * the real dpkg into a throw-away root ({@code dpkg --root}). Maintainer scripts run outside a
 * chroot there ({@code --force-script-chrootless}): they make the AOT cache in the root, and talk to
 * systemd only where it runs, which it does not here; {@link SystemdIT} installs under systemd.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DebianPackageIT {
    private static Path deb;

    @TempDir
    Path dir;

    @BeforeAll
    static void findThePackage() throws IOException {
        try (DirectoryStream<Path> debs = Files.newDirectoryStream(Path.of(System.getProperty("sleepingd.target")),
                "sleepingd_*_amd64.deb")) {
            deb = debs.iterator().next();
        }
    }

    @Test
    void thePackageHoldsTheImageTheLauncherTheConfigurationTheUnitAndTheExamples() throws Exception {
        String files = run("dpkg-deb", "--contents", deb.toString()).output();

        assertAll(
                () -> assertTrue(files.contains("./usr/lib/sleepingd/bin/java"), files),
                () -> assertTrue(files.contains("./usr/lib/sleepingd/lib/modules"), files),
                () -> assertTrue(files.contains("./usr/lib/sleepingd/plugins/"), files),
                () -> assertTrue(files.contains("./usr/bin/sleepingd -> ../lib/sleepingd/bin/sleepingd"), files),
                () -> assertTrue(files.contains(
                        "./usr/lib/sleepingd/lib/sleepingd.aot -> /var/cache/sleepingd/sleepingd.aot"), files),
                () -> assertTrue(files.contains("./var/cache/sleepingd/\n"), files),
                () -> assertTrue(files.contains("./etc/sleepingd/sleepingd.conf"), files),
                () -> assertTrue(files.contains("./lib/systemd/system/sleepingd.service"), files),
                () -> assertTrue(files.contains("./lib/systemd/system/sleepingd.socket"), files),
                () -> assertTrue(files.contains("./usr/share/sleepingd/systemd/run-as-users.conf"), files),
                () -> assertTrue(files.contains("./usr/share/sleepingd/examples/simple-web-server.conf"), files),
                () -> assertTrue(files.contains("./usr/share/sleepingd/examples/docker/Dockerfile"), files),
                () -> assertFalse(files.lines().anyMatch(line -> !line.contains("root/root")),
                        "every file belongs to root"),
                () -> assertFalse(files.lines().anyMatch(line -> line.charAt(0) != 'l' // a link's own mode means nothing
                        && (line.charAt(5) == 'w' || line.charAt(8) == 'w')), "nothing is group- or world-writable"));
    }

    @Test
    void theExamplesAndDocsShippedAreExactlyTheFilesGitTracks() throws Exception {
        Path root = Path.of(System.getProperty("sleepingd.target")).getParent().getParent();
        String contents = run("dpkg-deb", "--contents", deb.toString()).output();
        for (String folder : List.of("examples", "docs")) {
            String prefix = folder.equals("examples") ? "./usr/share/sleepingd/examples/" : "./usr/share/doc/sleepingd/docs/";
            Set<String> shipped = contents.lines().filter(line -> line.charAt(0) == '-')
                    .map(line -> line.substring(line.indexOf("./")))
                    .filter(path -> path.startsWith(prefix)).map(path -> path.substring(prefix.length()))
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> tracked = run("git", "-C", root.resolve(folder).toString(), "ls-files").output().lines()
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(tracked, shipped, folder + ": no build output, log or editor file, and nothing missing");
        }
    }

    @Test
    void theConfigurationIsTheOnlyConffile() throws Exception {
        String conffiles = run("dpkg-deb", "--info", deb.toString(), "conffiles").output();

        assertEquals("/etc/sleepingd/sleepingd.conf", conffiles.strip());
    }

    @Test
    void theInstalledDaemonRunsAndAcceptsTheShippedConfiguration() throws Exception {
        Path root = install();

        CommandResult version = run(root.resolve("usr/bin/sleepingd").toString(), "--version");
        CommandResult check = run(root.resolve("usr/bin/sleepingd").toString(), "check-config", "-f",
                root.resolve("etc/sleepingd/sleepingd.conf").toString());

        assertAll(
                () -> assertEquals(0, version.exitCode(), version.output()),
                () -> assertEquals(0, check.exitCode(), check.output()),
                () -> assertTrue(check.output().contains("[Simple web server for testing purposes]\n# "),
                        check.output()),
                () -> assertTrue(check.output().matches("(?s).*\\[Simple web server for testing purposes]\\n[^\\[]*"
                        + "\\nBIND=127\\.0\\.0\\.1\\n.*"), "installing opens no port to other machines:\n" + check.output()),
                () -> assertTrue(check.output().matches("(?s).*\\[Nodeapp in docker containers]\\n#[^\\n]*\\nACTIVE=no\\n.*"),
                        "the docker example is there, inactive:\n" + check.output()));
    }

    @Test
    void anEditedConfigurationSurvivesAnUpgradeAndGoesWithAPurge() throws Exception {
        Path root = install();
        Path configuration = root.resolve("etc/sleepingd/sleepingd.conf");
        Files.writeString(configuration, "# edited by the administrator\n", java.nio.file.StandardOpenOption.APPEND);

        dpkg(root, "--force-confold", "--install", deb.toString());
        boolean keptOnUpgrade = Files.readString(configuration).contains("# edited by the administrator");
        dpkg(root, "--purge", "sleepingd");

        assertAll(
                () -> assertTrue(keptOnUpgrade, "the edited configuration was kept"),
                () -> assertFalse(Files.exists(configuration), "purge removed the configuration"),
                () -> assertFalse(Files.exists(root.resolve("usr/lib/sleepingd")), "purge removed the image"));
    }

    @Test
    void installingOverAConfigurationWithUserSaysWhichDropInItNeeds() throws Exception {
        Path root = install();
        Path configuration = root.resolve("etc/sleepingd/sleepingd.conf");
        Files.writeString(configuration, "[db]\nPORT=5432\nUSER=postgres\n", java.nio.file.StandardOpenOption.APPEND);

        CommandResult upgrade = run(dpkgCommand(root, "--force-confold", "--install", deb.toString()));
        Path dropIn = Files.createDirectories(root.resolve("etc/systemd/system/sleepingd.service.d"))
                .resolve("run-as-users.conf");
        Files.copy(root.resolve("usr/share/sleepingd/systemd/run-as-users.conf"), dropIn);
        CommandResult withDropIn = run(dpkgCommand(root, "--force-confold", "--install", deb.toString()));

        assertAll(
                () -> assertEquals(0, upgrade.exitCode(), upgrade.output()),
                () -> assertTrue(upgrade.output().contains("has services with USER=")
                        && upgrade.output().contains("/usr/share/sleepingd/systemd/run-as-users.conf"), upgrade.output()),
                () -> assertFalse(withDropIn.output().contains("has services with USER="), withDropIn.output()));
    }

    @Test
    void installationMakesAnAotCacheTheImageCanUseAndRemovalDeletesIt() throws Exception {
        Path root = install();
        Path cache = root.resolve("var/cache/sleepingd/sleepingd.aot");
        String permissions = java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(cache));
        // The installed link points at the host's /var/cache; the image's java is given the root's cache
        // directly, with the launcher's options. AOTMode=on: the JVM refuses to start unless it can use it.
        String options = Files.readString(root.resolve("usr/lib/sleepingd/bin/sleepingd")).lines()
                .filter(line -> line.startsWith("options=\"")).findFirst().orElseThrow()
                .replaceAll("^options=\"|\"$", "");
        List<String> command = new ArrayList<>(List.of(root.resolve("usr/lib/sleepingd/bin/java").toString()));
        command.addAll(List.of(options.split(" ")));
        command.addAll(List.of("-XX:AOTCache=" + cache, "-XX:AOTMode=on",
                "-m", "io.sleepingd.daemon/io.sleepingd.daemon.Main", "--version"));
        CommandResult withCache = run(command.toArray(String[]::new));

        dpkg(root, "--remove", "sleepingd");

        assertAll(
                () -> assertEquals("rw-r--r--", permissions, "the cache is root's alone to write"),
                () -> assertEquals(0, withCache.exitCode(), withCache.output()),
                () -> assertFalse(Files.exists(root.resolve("var/cache/sleepingd")), "removal deleted the cache"));
    }

    @Test
    void theSystemdUnitsPassSystemdsOwnCheck() throws Exception {
        Path root = install();
        // systemd-analyze checks that ExecStart's program exists: point it into the throw-away root.
        String unit = Files.readString(root.resolve("lib/systemd/system/sleepingd.service"))
                .replace("/usr/bin/sleepingd", root.resolve("usr/bin/sleepingd").toString());
        Path copy = Files.writeString(dir.resolve("sleepingd.service"), unit);
        Path socket = Files.copy(root.resolve("lib/systemd/system/sleepingd.socket"), dir.resolve("sleepingd.socket"));

        CommandResult verify = run("systemd-analyze", "verify", "--man=no", copy.toString(), socket.toString());

        assertEquals(0, verify.exitCode(), verify.output());
    }

    private Path install() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("var/lib/dpkg/info"));
        Files.createDirectories(root.resolve("var/lib/dpkg/updates"));
        Files.createFile(root.resolve("var/lib/dpkg/status"));
        dpkg(root, "--install", deb.toString());
        return root;
    }

    /** The dependencies (libc6, passwd) are the host's: the throw-away root has no package database of its own. */
    private static void dpkg(Path root, String... arguments) throws Exception {
        String[] command = dpkgCommand(root, arguments);
        CommandResult result = run(command);
        assertEquals(0, result.exitCode(), String.join(" ", command) + ":\n" + result.output());
    }

    private static String[] dpkgCommand(Path root, String... arguments) {
        List<String> command = new ArrayList<>(List.of("dpkg", "--root=" + root, "--force-depends",
                "--force-script-chrootless"));
        command.addAll(List.of(arguments));
        return command.toArray(String[]::new);
    }

    private static CommandResult run(String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JAVA_HOME");
        return CommandResult.of(builder);
    }
}
