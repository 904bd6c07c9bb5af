package io.sleepingd.libvirt;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Reads {@code virsh domifaddr}'s table, where a guest's address is found when {@code BACKEND} does not
 * say it. The table has a header, a line of dashes, then one line per address; further addresses of
 * the same interface have {@code -} for its name and MAC address:
 *
 * <pre>
 *  Name       MAC address          Protocol     Address
 * -------------------------------------------------------------------------------
 *  vnet0      52:54:00:4b:07:aa    ipv4         192.168.122.47/24
 *  -          -                    ipv6         fe80::5054:ff:fe4b:7aa/64
 * </pre>
 */
final class InterfaceAddresses {
    private InterfaceAddresses() {
    }

    /**
     * The first IPv4 address in the table, without its prefix length; never the guest's loopback (the
     * guest agent lists {@code lo} with 127.0.0.1, which means the guest itself, not something this host
     * reaches). Empty when there is none yet: a guest that has no lease so far.
     */
    static Optional<String> firstIpv4(String table) {
        String name = "";
        for (String line : table.lines().map(String::strip).toList()) {
            String[] fields = line.split("\\s+");
            if (fields.length < 4 || fields[0].equals("Name") || line.startsWith("---")) {
                continue;
            }
            name = fields[0].equals("-") ? name : fields[0];
            if (!fields[2].equals("ipv4") || name.equals("lo")) {
                continue;
            }
            String address = fields[3].contains("/") ? fields[3].substring(0, fields[3].indexOf('/')) : fields[3];
            if (isIpv4(address) && !address.startsWith("127.")) {
                return Optional.of(address);
            }
        }
        return Optional.empty();
    }

    private static boolean isIpv4(String address) {
        try {
            return InetAddress.ofLiteral(address) instanceof Inet4Address;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
