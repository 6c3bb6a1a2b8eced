package org.availkit.contract.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.availkit.contract.AvailabilityStatus;
import org.availkit.contract.RequestedStatus;
import org.availkit.contract.Source;
import org.junit.jupiter.params.provider.Arguments;

/** Every current status x requested status x source: the cases the server and the mock are run through. */
public final class RuleCases {

  private RuleCases() {}

  /** Arguments (current, requested, source) for a parameterized test. */
  public static Stream<Arguments> every() {
    List<Arguments> cases = new ArrayList<>();
    for (AvailabilityStatus current : AvailabilityStatus.values()) {
      for (RequestedStatus requested : RequestedStatus.values()) {
        for (Source source : Source.values()) {
          cases.add(Arguments.of(current, requested, source));
        }
      }
    }
    return cases.stream();
  }
}
