package io.sleepingd.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of address ranges as the wake policy's keys write them ({@code WAKE_FROM}, {@code NO_WAKE_FROM},
 * {@code KEEP_AWAKE_FROM}): CIDR ranges or single addresses, IPv4 and IPv6, separated by commas or
 * blanks; a range written {@code !RANGE} is left out. An address is in the list when it is in one of
 * its ranges (or the list has only left-out ones) and in none of those left out, so
 * {@code "!192.0.2.9"} is every address but one. Literals only: a name is never looked up.
 */
public final class AddressRanges {
    /** One CIDR range: the network's bytes (4 or 16) and how many leading bits must match. */
    private record Range(byte[] network, int prefix) {
        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false; // IPv4 and IPv6 ranges never match each other
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final AddressRanges EVERYONE = new AddressRanges("", List.of(), List.of(), true);
    private static final AddressRanges NOBODY = new AddressRanges("", List.of(), List.of(), false);

    private final String written;
    private final List<Range> included;
    private final List<Range> excluded;
    /** Whether an address no included range names is in: for everyone, and for a list of left-out ranges only. */
    private final boolean openByDefault;

    private AddressRanges(String written, List<Range> included, List<Range> excluded, boolean openByDefault) {
        this.written = written;
        this.included = List.copyOf(included);
        this.excluded = List.copyOf(excluded);
        this.openByDefault = openByDefault;
    }

    /** Every address. */
    public static AddressRanges everyone() {
        return EVERYONE;
    }

    /** No address. */
    public static AddressRanges nobody() {
        return NOBODY;
    }

    public boolean contains(InetAddress address) {
        boolean in = included.isEmpty() ? openByDefault : included.stream().anyMatch(range -> range.contains(address));
        return in && excluded.stream().noneMatch(range -> range.contains(address));
    }

    /** Whether the list is every address, as its default is for {@code WAKE_FROM} and {@code KEEP_AWAKE_FROM}. */
    public boolean isEveryone() {
        return this == EVERYONE;
    }

    /**
     * Reads {@code value}; blank is {@code blank} (everyone or nobody, as the key's default is).
     *
     * @throws ValueException naming {@code key}, the value and the entry that is wrong
     */
    static AddressRanges parse(String key, String value, AddressRanges blank) throws ValueException {
        List<Range> included = new ArrayList<>();
        List<Range> excluded = new ArrayList<>();
        for (String entry : value.strip().split("[,\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            boolean leftOut = entry.startsWith("!");
            Range range = range(key, value, leftOut ? entry.substring(1) : entry);
            (leftOut ? excluded : included).add(range);
        }
        if (included.isEmpty() && excluded.isEmpty()) {
            if (!value.isBlank()) {
                throw new ValueException(key + " '" + value + "' names no address");
            }
            return blank;
        }
        return new AddressRanges(value.strip(), included, excluded, included.isEmpty());
    }

    private static Range range(String key, String value, String entry) throws ValueException {
        int slash = entry.indexOf('/');
        String literal = slash < 0 ? entry : entry.substring(0, slash);
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(literal);
        } catch (IllegalArgumentException e) {
            throw new ValueException(key + " '" + value + "': '" + literal
                    + "' is not an IP address (names are not looked up)");
        }
        int bits = address instanceof Inet4Address ? 32 : 128;
        int prefix = bits;
        if (slash >= 0) {
            String length = entry.substring(slash + 1);
            if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
                throw new ValueException(key + " '" + value + "': '" + entry + "' has a prefix length that is not 0-"
                        + bits);
            }
            prefix = Integer.parseInt(length);
        }
        return new Range(address.getAddress(), prefix);
    }

    /** As written in the configuration; blank for the defaults. */
    @Override
    public String toString() {
        return written;
    }
}
