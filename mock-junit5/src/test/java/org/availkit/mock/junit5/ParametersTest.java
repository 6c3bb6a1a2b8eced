package org.availkit.mock.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.availkit.mock.MockOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every parameter the extension resolves, wherever JUnit takes parameters: one mock behind all. */
@AvailabilityMockTest
class ParametersTest {

  private static RunningMock beforeAll;
  private final RunningMock constructed;
  private MockAdmin beforeEach;

  ParametersTest(RunningMock mock) {
    this.constructed = mock;
  }

  @BeforeAll
  static void keep(RunningMock mock) {
    beforeAll = mock;
  }

  @BeforeEach
  void keep(MockAdmin admin) {
    beforeEach = admin;
  }

  @Test
  void theUrlTheAdminClientAndTheMockAreOneMocks(
      RunningMock mock, MockAdmin admin, @MockUrl String url, @MockUrl URI uri) {
    assertThat(mock).isSameAs(beforeAll).isSameAs(constructed);
    assertThat(admin).isSameAs(mock.admin()).isSameAs(beforeEach);
    assertThat(mock.port()).isPositive().isNotEqualTo(MockOptions.defaults().port());
    assertThat(url).isEqualTo(mock.url()).isEqualTo("http://localhost:" + mock.port());
    assertThat(uri).isEqualTo(URI.create(url));
    assertThat(Requests.getAgent(url, MockOptions.DEMO_KEY, MockOptions.DEMO_SECRET))
        .isEqualTo(200);
  }

  @Test
  void withoutCredentialsTheDemoPair(RunningMock mock) {
    assertThat(mock.credentials()).isEqualTo(Map.of(MockOptions.DEMO_KEY, MockOptions.DEMO_SECRET));
  }

  @Nested
  class Inside {
    @Test
    void aNestedClassHasItsEnclosingClasssMock(RunningMock mock, @MockUrl String url) {
      assertThat(mock).isSameAs(beforeAll);
      assertThat(url).isEqualTo(beforeAll.url());
    }
  }
}
