package org.availkit.mock.junit5;

import java.net.URI;
import java.util.Map;
import org.availkit.mock.AvailabilityMock;
import org.availkit.mock.MockOptions;

/** A mock the extension started for a test class: where it listens, and its admin API. */
public final class RunningMock {

  private final AvailabilityMock mock;
  private final MockOptions options;
  private final MockAdmin admin;

  RunningMock(AvailabilityMock mock, MockOptions options) {
    this.mock = mock;
    this.options = options;
    this.admin = new MockAdmin(mock.url(), options.adminToken());
  }

  /** The base URL, {@code http://localhost:PORT}, without a trailing slash. */
  public String url() {
    return mock.url();
  }

  /** {@link #url()} as a URI. */
  public URI uri() {
    return URI.create(mock.url());
  }

  public int port() {
    return mock.port();
  }

  /** The admin API: reset, set an agent's status, read an agent, the journal. */
  public MockAdmin admin() {
    return admin;
  }

  /** The pairs the mock accepts, key to secret (the demo pair unless the test named others). */
  public Map<String, String> credentials() {
    return options.credentials();
  }

  /** The mock's whole command line, as parsed. */
  public MockOptions options() {
    return options;
  }

  void stop() {
    mock.close();
  }

  @Override
  public String toString() {
    return "availability mock on " + url();
  }
}
