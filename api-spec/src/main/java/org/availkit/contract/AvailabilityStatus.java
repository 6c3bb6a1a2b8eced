package org.availkit.contract;

/** The stored availability of an agent ({@code availability_status} in responses). */
public enum AvailabilityStatus implements WireValue {
  ONLINE("online", false),
  BUSY("busy", true),
  AWAY("away", false),
  AWAY_MANUAL("away_manual", true),
  AWAY_AND_REASSIGNING("away_and_reassigning", true),
  OFFLINE("offline", false);

  private final String wire;
  private final boolean manual;

  AvailabilityStatus(String wire, boolean manual) {
    this.wire = wire;
    this.manual = manual;
  }

  @Override
  public String wire() {
    return wire;
  }

  /**
   * A manual status is one the agent (or the helpdesk) chose; idle detection never overwrites it.
   */
  public boolean isManual() {
    return manual;
  }

  public static AvailabilityStatus fromWire(String value) {
    return WireValue.fromWire(AvailabilityStatus.class, value);
  }
}
