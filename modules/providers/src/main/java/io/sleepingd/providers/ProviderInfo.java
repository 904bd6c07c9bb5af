package io.sleepingd.providers;

import java.util.Optional;

/**
 * One installed provider, as {@code sleepingd --list-plugins} shows it.
 *
 * @param kind     {@code backend} or {@code idle-probe}
 * @param location the jar (or image) it was loaded from
 */
public record ProviderInfo(String name, String kind, String module, Optional<String> version, String location) {
}
