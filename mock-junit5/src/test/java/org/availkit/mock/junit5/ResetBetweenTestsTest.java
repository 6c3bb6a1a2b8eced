package org.availkit.mock.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import org.availkit.mock.MockOptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** One mock for the class, and each test finds it as new: agents and journal reset. */
@AvailabilityMockTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResetBetweenTestsTest {

  private static final String KEY = MockOptions.DEMO_KEY;

  /** The first test's mock, which the second must see again (a reset one, not a new one). */
  private static RunningMock first;

  @Test
  @Order(1)
  void aTestChangesTheAgentAndFillsTheJournal(RunningMock mock, MockAdmin admin) {
    first = mock;
    admin.setStatus(KEY, "busy");
    assertThat(Requests.getAgent(mock.url(), KEY, MockOptions.DEMO_SECRET)).isEqualTo(200);

    assertThat(admin.agent(KEY).availabilityStatus()).isEqualTo("busy");
    assertThat(admin.requests()).hasSize(1);
  }

  @Test
  @Order(2)
  void theNextFindsTheExampleAgentAndAnEmptyJournal(RunningMock mock, MockAdmin admin) {
    assertThat(mock).as("the same mock as the first test's").isSameAs(first);
    assertThat(admin.agent(KEY).availabilityStatus()).isEqualTo("online");
    assertThat(admin.requests()).isEmpty();
  }
}
