package io.sleepingd.config;

import static io.sleepingd.config.ConfigFiles.load;
import static io.sleepingd.config.ConfigFiles.problems;
import static io.sleepingd.config.ConfigFiles.value;
import static io.sleepingd.config.ConfigFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Comments, bare and quoted values, multi-line values; values are always literal. */
class ValueSyntaxTest {
    @TempDir
    Path dir;

    /** Loads {@code [s]} with PORT=1 plus the given lines and returns the effective value of {@code key}. */
    private String valueOf(String key, String lines) throws ConfigException {
        Path file = write(dir, "sleepingd.conf", "[s]\nPORT=1\n" + lines);
        return value(load(file), "s", key);
    }

    @Test
    void commentLinesAreIgnored() throws Exception {
        assertEquals("run", valueOf("START_CMD", """
                # START_CMD=commented out
                  # indented comment
                ; ini-style comment
                START_CMD=run
                """));
    }

    @Test
    void bareValueIsTakenAsWritten() throws Exception {
        assertEquals("/usr/bin/wake-up", valueOf("START_CMD", "START_CMD=/usr/bin/wake-up\n"));
    }

    @Test
    void trailingCommentAfterBareValueIsDropped() throws Exception {
        assertEquals("run", valueOf("START_CMD", "START_CMD=run   # starts it\n"));
    }

    @Test
    void hashInsideABareValueIsNotAComment() throws Exception {
        assertEquals("a#b", valueOf("START_CMD", "START_CMD=a#b\n"));
    }

    @Test
    void commentRightAfterEqualsLeavesTheValueBlank() throws Exception {
        assertEquals("", valueOf("IDLE_CMD", "IDLE_CMD= # none\n"));
    }

    @Test
    void bareValueWithWhitespaceIsAnError() {
        Path file = write(dir, "sleepingd.conf", "[s]\nPORT=1\nSTART_CMD=echo hi\n");

        assertEquals(List.of(file + ":3: unquoted value contains whitespace: echo hi"), problems(file));
    }

    @Test
    void blankAfterEqualsIsAnError() {
        Path file = write(dir, "sleepingd.conf", "[s]\nPORT=1\nSTART_CMD= run\n");

        assertEquals(List.of(file + ":3: expected KEY=value, without blanks around '='"), problems(file));
    }

    @Test
    void doubleQuotedValueKeepsWhitespaceAndDropsTrailingComment() throws Exception {
        assertEquals("echo  hi # not a comment", valueOf("START_CMD",
                "START_CMD=\"echo  hi # not a comment\"  # a comment\n"));
    }

    @Test
    void doubleQuotedValueUnescapesOnlyWhatBashUnescapes() throws Exception {
        // as written in the file:  "q\" bs\\ dollar\$ tick\` other\n\x"
        assertEquals("q\" bs\\ dollar$ tick` other\\n\\x", valueOf("START_CMD",
                "START_CMD=\"q\\\" bs\\\\ dollar\\$ tick\\` other\\n\\x\"\n"));
    }

    @Test
    void singleQuotedValueIsFullyLiteral() throws Exception {
        // as written in the file:  'a \" $HOME \\ "b"'
        assertEquals("a \\\" $HOME \\\\ \"b\"", valueOf("START_CMD", "START_CMD='a \\\" $HOME \\\\ \"b\"'\n"));
    }

    @Test
    void emptyQuotesGiveABlankValue() throws Exception {
        assertEquals("", valueOf("START_CMD", "START_CMD=\"\"\n"));
    }

    @Test
    void percentBackslashAndDollarStayLiteral() throws Exception {
        Path file = write(dir, "sleepingd.conf", """
                [s]
                PORT=1
                START_CMD="date +%s"
                STOP_CMD=C:\\temp\\%d
                CHECK_CMD="test -d $HOME/$(whoami)"
                IDLE_CMD='printf "%s\\n" $USER'
                """);

        Configuration config = load(file);

        assertEquals("date +%s", value(config, "s", "START_CMD"));
        assertEquals("C:\\temp\\%d", value(config, "s", "STOP_CMD"));
        assertEquals("test -d $HOME/$(whoami)", value(config, "s", "CHECK_CMD"));
        assertEquals("printf \"%s\\n\" $USER", value(config, "s", "IDLE_CMD"));
    }

    @Test
    void multiLineDoubleQuotedValueKeepsItsNewlines() throws Exception {
        assertEquals("first\n  second\nthird", valueOf("START_CMD", """
                START_CMD="first
                  second
                third"
                """));
    }

    @Test
    void linesInsideAMultiLineValueAreNeitherHeadersNorComments() throws Exception {
        Path file = write(dir, "sleepingd.conf", """
                [s]
                PORT=1
                START_CMD="cat <<EOF
                [not a section]
                # not a comment
                EOF"
                """);

        Configuration config = load(file);

        assertEquals("cat <<EOF\n[not a section]\n# not a comment\nEOF", value(config, "s", "START_CMD"));
        assertEquals(1, config.services().size());
    }

    @Test
    void quoteInATrailingCommentDoesNotOpenAValue() throws Exception {
        assertEquals("run", valueOf("START_CMD", "START_CMD=run # it's \"fine\"\nSTOP_CMD=halt\n"));
    }

    @Test
    void multiLineSingleQuotedValueKeepsItsNewlines() throws Exception {
        assertEquals("a\nb", valueOf("START_CMD", "START_CMD='a\nb'\n"));
    }

    @Test
    void backslashNewlineInDoubleQuotesJoinsTheLines() throws Exception {
        assertEquals("one two", valueOf("START_CMD", "START_CMD=\"one \\\ntwo\"\n"));
    }

    @Test
    void linesAfterAMultiLineValueKeepTheirNumbers() {
        Path file = write(dir, "sleepingd.conf", """
                [s]
                START_CMD="a
                b
                c"
                PORT=x
                """);

        assertEquals(List.of(file + ":5: PORT 'x' is not a port number (1-65535)"), problems(file));
    }

    @Test
    void windowsLineEndingsAreLineEnds() throws Exception {
        Path file = write(dir, "sleepingd.conf", "[s]\r\nPORT=1\r\nSTART_CMD=run\r\n");

        assertEquals("run", value(load(file), "s", "START_CMD"));
    }

    @Test
    void textAfterClosingQuoteIsAnError() {
        Path file = write(dir, "sleepingd.conf", "[s]\nPORT=1\nSTART_CMD=\"a\"b\n");

        assertEquals(List.of(file + ":3: unexpected text after closing quote"), problems(file));
    }

    @Test
    void unterminatedDoubleQuoteIsReportedWhereTheValueStarts() {
        Path file = write(dir, "sleepingd.conf", "[s]\nPORT=1\nSTART_CMD=\"never closed\nPORT=2\n");

        assertEquals(List.of(file + ":3: unterminated double quote"), problems(file));
    }

    @Test
    void unterminatedSingleQuoteIsReportedWhereTheValueStarts() {
        Path file = write(dir, "sleepingd.conf", "[s]\nPORT=1\nSTART_CMD='never closed\n");

        assertEquals(List.of(file + ":3: unterminated single quote"), problems(file));
    }

    @Test
    void nulCharacterIsAnError() {
        Path file = write(dir, "sleepingd.conf", "[s]\nPORT=1\nSTART_CMD=a\0b\n");

        assertEquals(List.of(file + ":3: NUL character"), problems(file));
    }

    @Test
    void lineWithoutEqualsIsAnError() {
        Path file = write(dir, "sleepingd.conf", "[s]\nPORT=1\nSTART_CMD\n");

        assertEquals(List.of(file + ":3: expected KEY=value"), problems(file));
    }

    @Test
    void keyThatIsNotAnIdentifierIsAnError() {
        Path file = write(dir, "sleepingd.conf", """
                [s]
                PORT=1
                1START=x
                START CMD=x
                START_CMD =x
                A:B=x
                =x
                """);

        assertEquals(List.of(
                file + ":3: expected KEY=value",
                file + ":4: expected KEY=value",
                file + ":5: expected KEY=value",
                file + ":6: expected KEY=value",
                file + ":7: expected KEY=value"), problems(file));
    }

    @Test
    void anUnknownKeyIsKeptForTheDaemonToJudgeWithTheKeyItMostLikelyMeant() throws Exception {
        Path file = write(dir, "sleepingd.conf", "[s]\nPORT=1\nSTRAT_CMD=typo\n");

        Configuration config = load(file);

        assertEquals(List.of(file + ":3: unknown key STRAT_CMD (did you mean START_CMD?)"),
                config.unknownKeys().stream().map(unknown -> unknown.problem(List.of())).toList());
        assertTrue(config.unknownKeysAreErrors(), "by default");
        assertEquals("false", value(config, "s", "START_CMD"));
    }

    @Test
    void keysAreCaseSensitive() throws Exception {
        Path file = write(dir, "sleepingd.conf", "[s]\nPORT=1\nport=2\n");

        Configuration config = load(file);

        assertEquals(List.of(file + ":3: unknown key port (did you mean PORT?)"),
                config.unknownKeys().stream().map(unknown -> unknown.problem(List.of())).toList());
        assertEquals(1, config.services().getFirst().port());
    }
}
