package org.availkit.contract;

/** The {@code status} of an availability request. */
public enum RequestedStatus implements WireValue {
  AVAILABLE("available"),
  BUSY("busy"),
  AWAY("away"),
  OFFLINE("offline");

  private final String wire;

  RequestedStatus(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  public static RequestedStatus fromWire(String value) {
    return WireValue.fromWire(RequestedStatus.class, value);
  }
}
