/*
 * ini4j 0.5.4 ships no module descriptor, and jlink links only explicit modules: the image build
 * compiles this one into a copy of the jar (jlink/build-image.sh). sleepingd uses only the parser
 * (org.ini4j.spi.IniParser), which touches neither java.beans nor java.util.prefs, so both are
 * static: the image leaves java.desktop out.
 */
module ini4j {
    requires static java.desktop;
    requires static java.prefs;

    exports org.ini4j;
    exports org.ini4j.spi;
}
