package io.sleepingd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sleepingd.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-config writes values so that the configuration parser reads them back unchanged. */
class ConfigReportTest {
    @TempDir
    Path dir;

    @Test
    void simpleValuesAreBare() {
        assertEquals("false", ConfigReport.quote("false"));
        assertEquals("10080", ConfigReport.quote("10080"));
    }

    @Test
    void everyQuotedValueReadsBackAsItWas() throws Exception {
        List<String> values = List.of("", "date +%s", "echo \"$HOME\" \\ `id` 'x'", "a#b", "two\nlines", "tab\there");
        StringBuilder file = new StringBuilder("VARRUN_PATH=" + dir.resolve("run") + "\n");
        for (int i = 0; i < values.size(); i++) {
            file.append("[s").append(i).append("]\nPORT=").append(1000 + i).append("\nSTART_CMD=")
                    .append(ConfigReport.quote(values.get(i))).append("\n");
        }
        Path config = Files.writeString(dir.resolve("round-trip.conf"), file);
        var services = ConfigLoader.load(List.of(config), true).services();
        for (int i = 0; i < values.size(); i++) {
            assertEquals(values.get(i), services.get(i).values().get("START_CMD"));
        }
    }
}
