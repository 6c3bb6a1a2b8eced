package org.availkit.contract;

import java.util.Arrays;

/** Who asked for an availability change: the agent, or idle detection. */
public enum Source {
  USER("user"),
  IDLE("idle");

  private final String wire;

  Source(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** {@code null} (the field left out) means {@link #USER}, the spec's default. */
  public static Source fromWire(String value) {
    if (value == null) {
      return USER;
    }
    return Arrays.stream(values())
        .filter(s -> s.wire.equals(value))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown source: " + value));
  }
}
