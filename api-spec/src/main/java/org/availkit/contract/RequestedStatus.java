package org.availkit.contract;

/**
 * The {@code status} of an availability request: the four documented request values, then (since
 * 1.1.0) the stored values that Libredesk's own web client sends. In the spec's order.
 */
public enum RequestedStatus implements WireValue {
  AVAILABLE("available"),
  BUSY("busy"),
  AWAY("away"),
  OFFLINE("offline"),
  ONLINE("online"),
  AWAY_MANUAL("away_manual"),
  AWAY_AND_REASSIGNING("away_and_reassigning");

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
