package org.availkit.contract;

import java.util.Arrays;

/** The {@code status} of an availability request. */
public enum RequestedStatus {
  AVAILABLE("available"),
  BUSY("busy"),
  AWAY("away"),
  OFFLINE("offline");

  private final String wire;

  RequestedStatus(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static RequestedStatus fromWire(String value) {
    return Arrays.stream(values())
        .filter(s -> s.wire.equals(value))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown requested status: " + value));
  }
}
