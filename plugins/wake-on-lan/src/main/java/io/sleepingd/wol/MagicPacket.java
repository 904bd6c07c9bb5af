package io.sleepingd.wol;

import java.util.HexFormat;

/**
 * The Wake-on-LAN magic packet: six bytes 0xFF, then the target's MAC address sixteen times (102
 * bytes), which the network card of a sleeping machine looks for in any frame it receives.
 * Immutable.
 */
final class MagicPacket {
    static final int LENGTH = 6 + 16 * 6;

    private final byte[] mac;

    private MagicPacket(byte[] mac) {
        this.mac = mac;
    }

    /**
     * {@code aa:bb:cc:dd:ee:ff}, with {@code :} or {@code -} between the bytes, in any case.
     *
     * @throws IllegalArgumentException saying what is wrong, to follow the key and the value
     */
    static MagicPacket forMac(String written) {
        if (!written.matches("(?i)[0-9a-f]{2}([:-][0-9a-f]{2}){5}")) {
            throw new IllegalArgumentException("is not a MAC address (six hexadecimal bytes: aa:bb:cc:dd:ee:ff)");
        }
        return new MagicPacket(HexFormat.of().parseHex(written.replaceAll("[:-]", "")));
    }

    byte[] bytes() {
        byte[] packet = new byte[LENGTH];
        for (int i = 0; i < 6; i++) {
            packet[i] = (byte) 0xFF;
        }
        for (int repeat = 0; repeat < 16; repeat++) {
            System.arraycopy(mac, 0, packet, 6 + repeat * 6, 6);
        }
        return packet;
    }

    /** The MAC address, {@code aa:bb:cc:dd:ee:ff}. */
    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(mac);
    }
}
