package io.sleepingd.wol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The magic packet's bytes, and the MAC addresses WOL_MAC accepts. */
class MagicPacketTest {
    @Test
    void sixBytesFfThenTheMacSixteenTimes() {
        byte[] packet = MagicPacket.forMac("00:1A:2b:3c:4D:5e").bytes();

        StringBuilder expected = new StringBuilder("ffffffffffff");
        expected.append("001a2b3c4d5e".repeat(16));
        assertArrayEquals(HexFormat.of().parseHex(expected), packet);
        assertEquals(102, packet.length);
    }

    @Test
    void dashesSeparateTheBytesToo() {
        assertEquals("00:1a:2b:3c:4d:5e", MagicPacket.forMac("00-1A-2B-3C-4D-5E").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"00:1a:2b:3c:4d", "001a2b3c4d5e", "00:1a:2b:3c:4d:5g", "00:1a:2b:3c:4d:5e:6f"})
    void anythingElseIsNotAMacAddress(String written) {
        assertEquals("is not a MAC address (six hexadecimal bytes: aa:bb:cc:dd:ee:ff)",
                assertThrows(IllegalArgumentException.class, () -> MagicPacket.forMac(written)).getMessage());
    }
}
