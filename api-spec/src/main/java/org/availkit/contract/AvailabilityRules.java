package org.availkit.contract;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The availability rules of the contract, in one place: the status mapping, the idle rule and
 * idempotence (the spec's "Availability rules" section, and the README's API table).
 *
 * <p>{@link #decide} turns a request into a {@link Decision}: either a {@link Rejection} (an input
 * error) or a {@link Transition}, which names the target status and the current statuses it may
 * overwrite. A store applies a transition atomically as one conditional write ("set the target
 * where the current status is one of {@link Transition#overwritable()}"), so the check and the
 * write cannot be separated by a concurrent request.
 */
public final class AvailabilityRules {

  /**
   * The statuses an idle change may overwrite: every one that is not manual. Derived from {@link
   * AvailabilityStatus#isManual}, where which statuses are manual is written once.
   */
  private static final Set<AvailabilityStatus> NOT_MANUAL =
      EnumSet.copyOf(
          Arrays.stream(AvailabilityStatus.values()).filter(status -> !status.isManual()).toList());

  private AvailabilityRules() {}

  /** What a request asks for. */
  public sealed interface Decision permits Transition, Rejection {}

  /**
   * A write of {@code target} over any current status in {@code overwritable}. The target itself is
   * never in the set: a request that maps to the current status writes nothing.
   */
  public record Transition(AvailabilityStatus target, Set<AvailabilityStatus> overwritable)
      implements Decision {
    public Transition {
      overwritable = Set.copyOf(overwritable);
      if (overwritable.contains(target)) {
        throw new IllegalArgumentException("A transition never overwrites its own target");
      }
    }

    /** Whether the write happens from {@code current}. */
    public boolean appliesTo(AvailabilityStatus current) {
      return overwritable.contains(current);
    }

    /** The status after the request, from {@code current}. */
    public AvailabilityStatus resultFrom(AvailabilityStatus current) {
      return appliesTo(current) ? target : current;
    }
  }

  /** An input error: the request is not allowed whatever the current status. */
  public record Rejection(String field, String message, List<String> allowedValues)
      implements Decision {
    public Rejection {
      allowedValues = List.copyOf(allowedValues);
    }
  }

  public static Decision decide(RequestedStatus requested, Source source) {
    AvailabilityStatus target = target(requested, source);
    if (source == Source.IDLE && target.isManual()) {
      return new Rejection(
          "status", ErrorCatalogue.idleCannotSet(requested.wire()), allowedStatuses(Source.IDLE));
    }
    Set<AvailabilityStatus> overwritable =
        source == Source.IDLE
            ? EnumSet.copyOf(NOT_MANUAL)
            : EnumSet.allOf(AvailabilityStatus.class);
    overwritable.remove(target);
    return new Transition(target, overwritable);
  }

  /**
   * The request values allowed with {@code source}, in the spec's order: every value from the
   * agent; from idle detection, those that map to no manual status. The spec states the same list
   * as its idle shape (SpecExamplesTest checks that they agree).
   */
  public static List<String> allowedStatuses(Source source) {
    return Arrays.stream(RequestedStatus.values())
        .filter(requested -> source != Source.IDLE || !target(requested, source).isManual())
        .map(RequestedStatus::wire)
        .toList();
  }

  /** The status a request maps to; from idle detection a manual one is refused by the caller. */
  private static AvailabilityStatus target(RequestedStatus requested, Source source) {
    return switch (requested) {
      case AVAILABLE, ONLINE -> AvailabilityStatus.ONLINE;
      case BUSY -> AvailabilityStatus.BUSY;
      case AWAY -> source == Source.IDLE ? AvailabilityStatus.AWAY : AvailabilityStatus.AWAY_MANUAL;
      case OFFLINE -> AvailabilityStatus.OFFLINE;
      case AWAY_MANUAL -> AvailabilityStatus.AWAY_MANUAL;
      case AWAY_AND_REASSIGNING -> AvailabilityStatus.AWAY_AND_REASSIGNING;
    };
  }
}
