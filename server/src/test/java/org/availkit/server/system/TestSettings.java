package org.availkit.server.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.util.unit.DataSize;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/** The server's settings as application.yml sets them, with the ones a unit test needs changed. */
public final class TestSettings {

  private TestSettings() {}

  public static AvailkitProperties properties(long maxBodyBytes, List<String> allowedOrigins) {
    return new AvailkitProperties(DataSize.ofBytes(maxBodyBytes), false, Path.of("data/first-start-credentials"),
        new AvailkitProperties.AuthFailures(20, Duration.ofSeconds(60), 100_000), Duration.ofSeconds(5), true,
        new AvailkitProperties.Cors(allowedOrigins));
  }

  /** The CORS settings of the API's paths for {@code allowedOrigins}, as CorsConfig makes them. */
  public static UrlBasedCorsConfigurationSource cors(List<String> allowedOrigins) {
    return new CorsConfig().apiCorsConfiguration(properties(16 * 1024, allowedOrigins));
  }
}
