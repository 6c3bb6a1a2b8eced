package org.availkit.mock.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * When the mock starts and stops, seen from outside a test class: each fixture below runs through
 * JUnit's launcher (surefire leaves nested classes alone), noting the ports its tests saw, and is
 * checked after its end. Runs one after the other: the fixtures share {@link #PORTS}.
 */
class ExtensionLifecycleTest {

  /** The ports the fixture's tests saw, in their order. */
  static final List<Integer> PORTS = new CopyOnWriteArrayList<>();

  @Test
  void oneMockForTheClassAndItsNestedClassesStoppedAfterIt() {
    TestExecutionSummary summary = run(Annotated.class);

    assertThat(summary.getTestsSucceededCount()).isEqualTo(3);
    assertThat(PORTS).hasSize(3).containsOnly(PORTS.get(0));
    assertThat(Requests.listening(PORTS.get(0))).as("the mock after the class").isFalse();
  }

  @Test
  void perClassLifecycleGetsTheMockInItsConstructor() {
    TestExecutionSummary summary = run(PerClass.class);

    assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
    assertThat(PORTS).hasSize(3).containsOnly(PORTS.get(0));
    assertThat(Requests.listening(PORTS.get(0))).isFalse();
  }

  @Test
  void aStaticFieldsMockStopsAfterTheClass() {
    TestExecutionSummary summary = run(StaticField.class);

    assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
    assertThat(PORTS).hasSize(2).containsOnly(PORTS.get(0));
    assertThat(Requests.listening(PORTS.get(0))).isFalse();
    assertThatThrownBy(StaticField.mock::url).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anInstanceFieldGivesEachTestAMockOfItsOwnStoppedAfterIt() {
    TestExecutionSummary summary = run(InstanceField.class);

    assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
    assertThat(PORTS).hasSize(2);
    assertThat(PORTS).noneMatch(Requests::listening);
  }

  @Test
  void aWrongOptionFailsTheClassNamingIt() {
    TestExecutionSummary summary = run(WrongOption.class);

    assertThat(summary.getTestsStartedCount()).isZero();
    assertThat(summary.getFailures())
        .singleElement()
        .satisfies(
            failure ->
                assertThat(failure.getException())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                        "@AvailabilityMockTest on "
                            + WrongOption.class.getName()
                            + ": --latency takes a number, got: soon"));
  }

  private static TestExecutionSummary run(Class<?> fixture) {
    PORTS.clear();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build(),
            listener);
    TestExecutionSummary summary = listener.getSummary();
    if (fixture != WrongOption.class) {
      assertThat(summary.getFailures()).as("the fixture's failures").isEmpty();
    }
    return summary;
  }

  @AvailabilityMockTest
  static class Annotated {
    @Test
    void first(RunningMock mock) {
      PORTS.add(mock.port());
      assertThat(Requests.listening(mock.port())).isTrue();
    }

    @Test
    void second(RunningMock mock) {
      PORTS.add(mock.port());
    }

    @Nested
    class Inner {
      @Test
      void nested(RunningMock mock) {
        PORTS.add(mock.port());
      }
    }
  }

  @AvailabilityMockTest
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class PerClass {
    PerClass(RunningMock mock) {
      PORTS.add(mock.port());
    }

    @Test
    void first(RunningMock mock) {
      PORTS.add(mock.port());
    }

    @Test
    void second(RunningMock mock) {
      PORTS.add(mock.port());
    }
  }

  static class StaticField {
    @RegisterExtension
    static AvailabilityMockExtension mock = AvailabilityMockExtension.builder().build();

    @Test
    void first() {
      PORTS.add(mock.running().port());
    }

    @Test
    void second() {
      PORTS.add(mock.running().port());
    }
  }

  static class InstanceField {
    @RegisterExtension AvailabilityMockExtension mock = AvailabilityMockExtension.builder().build();

    @Test
    void first(MockAdmin admin) {
      PORTS.add(mock.running().port());
      assertThat(admin).isSameAs(mock.admin());
    }

    @Test
    void second() {
      PORTS.add(mock.running().port());
    }
  }

  @AvailabilityMockTest(options = {"--latency", "soon"})
  static class WrongOption {
    @Test
    void never() {}
  }
}
