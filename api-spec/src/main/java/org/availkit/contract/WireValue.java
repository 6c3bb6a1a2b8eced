package org.availkit.contract;

import java.util.Arrays;

/** An enum of the contract whose constants travel as lower-case strings. */
interface WireValue {

  /** The value as it appears in the API and in the database. */
  String wire();

  static <E extends Enum<E> & WireValue> E fromWire(Class<E> type, String value) {
    return Arrays.stream(type.getEnumConstants())
        .filter(e -> e.wire().equals(value))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("Unknown " + type.getSimpleName() + ": " + value));
  }
}
