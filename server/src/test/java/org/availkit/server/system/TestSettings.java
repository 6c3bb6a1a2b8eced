package org.availkit.server.system;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * The server's settings with their defaults (AvailkitProperties' own, bound as Spring binds them,
 * so they are not written out again here), and the ones a unit test needs changed.
 */
public final class TestSettings {

  private TestSettings() {}

  public static AvailkitProperties properties(long maxBodyBytes, List<String> allowedOrigins) {
    Map<String, String> changed =
        Map.of(
            "availkit.max-body-bytes",
            maxBodyBytes + "B",
            "availkit.bootstrap-admin",
            "false",
            "availkit.cors.allowed-origins",
            String.join(",", allowedOrigins));
    return new Binder(new MapConfigurationPropertySource(changed))
        .bindOrCreate("availkit", AvailkitProperties.class);
  }

  /** The CORS settings of the API's paths for {@code allowedOrigins}, as CorsConfig makes them. */
  public static UrlBasedCorsConfigurationSource cors(List<String> allowedOrigins) {
    return new CorsConfig().apiCorsConfiguration(properties(16 * 1024, allowedOrigins));
  }
}
