package org.availkit.contract;

/** Who asked for an availability change: the agent, or idle detection. */
public enum Source implements WireValue {
  USER("user"),
  IDLE("idle");

  private final String wire;

  Source(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** {@code null} (the field left out) means {@link #USER}, the spec's default. */
  public static Source fromWire(String value) {
    if (value == null) {
      return USER;
    }
    return WireValue.fromWire(Source.class, value);
  }
}
