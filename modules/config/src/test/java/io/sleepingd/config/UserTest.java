package io.sleepingd.config;

import static io.sleepingd.config.ConfigFiles.load;
import static io.sleepingd.config.ConfigFiles.problems;
import static io.sleepingd.config.ConfigFiles.service;
import static io.sleepingd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sleepingd.spi.RunAs;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code USER}, resolved with the real user database (root exists on every Linux system). */
class UserTest {
    @TempDir
    Path dir;

    @Test
    void blankUserRunsAsTheDaemonsUser() throws Exception {
        Path file = write(dir, "sleepingd.conf", "[s]\nPORT=1\nUSER=\n");

        assertEquals(Optional.empty(), service(load(file), "s").runAs());
    }

    @Test
    void existingUserIsResolvedToItsIdsAndHome() throws Exception {
        Path file = write(dir, "sleepingd.conf", "[s]\nPORT=1\nUSER=root\n");

        assertEquals(Optional.of(new RunAs("root", 0, 0, Path.of("/root"))), service(load(file), "s").runAs());
    }

    @Test
    void numericUserIsTheAccountWithThatUid() throws Exception {
        Path file = write(dir, "sleepingd.conf", "[s]\nPORT=1\nUSER=0\n");

        assertEquals("root", service(load(file), "s").runAs().orElseThrow().name());
    }

    @Test
    void userThatDoesNotExistIsAnError() {
        Path file = write(dir, "sleepingd.conf", "[s]\nPORT=1\nUSER=no-such-user-sleepingd\n");

        assertEquals(List.of(file + ":3: USER 'no-such-user-sleepingd' does not exist"), problems(file));
    }

    @Test
    void userNameThatLooksLikeAnOptionIsStillAName() {
        Path file = write(dir, "sleepingd.conf", "[s]\nPORT=1\nUSER=--help\n");

        assertEquals(List.of(file + ":3: USER '--help' does not exist"), problems(file));
    }

    @Test
    void generalUserIsInheritedAndReportedOnceWhenUnknown() {
        Path file = write(dir, "sleepingd.conf", "USER=no-such-user-sleepingd\n[a]\nPORT=1\n[b]\nPORT=2\n");

        assertEquals(List.of(file + ":1: USER 'no-such-user-sleepingd' does not exist"), problems(file));
    }
}
