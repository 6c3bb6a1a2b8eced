package org.availkit.server.system;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The connection pool, with {@link DatabaseAvailability}'s breaker in front of it when the database
 * is on the network (the embedded one is in this process: it cannot be out of reach, and its
 * store's own failures are answered elsewhere).
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfig {

  @Bean
  DatabaseAvailability databaseAvailability(Clock clock) {
    return new DatabaseAvailability(clock);
  }

  /**
   * Spring Boot's own HikariCP data source (DataSourceConfiguration.Hikari: the same builder, and
   * the {@code spring.datasource.hikari.*} properties bound to it), of the class that adds the
   * breaker.
   */
  @Bean
  @ConfigurationProperties("spring.datasource.hikari")
  FailFastDataSource dataSource(
      DataSourceProperties properties, DatabaseAvailability availability) {
    FailFastDataSource pool =
        properties.initializeDataSourceBuilder().type(FailFastDataSource.class).build();
    if (networked(properties.determineUrl())) {
      pool.guard(availability);
    }
    return pool;
  }

  @Bean
  @ConditionalOnWebApplication
  DatabaseProbe databaseProbe(
      FailFastDataSource dataSource,
      DatabaseAvailability availability,
      ApplicationEventPublisher events,
      DataSourceProperties properties) {
    return networked(properties.determineUrl())
        ? new DatabaseProbe(dataSource, availability, events)
        : null;
  }

  /**
   * The {@code db} health component, from the breaker's state rather than a query: it answers at
   * once whatever the database does (Spring Boot's DataSourceHealthIndicator runs a query through
   * the pool, which waits as long as the pool does). The name replaces Spring Boot's
   * (DataSourceHealthContributorAutoConfiguration backs off for a bean named dbHealthIndicator).
   */
  @Bean
  HealthIndicator dbHealthIndicator(DatabaseAvailability availability) {
    return () ->
        availability
            .outage()
            .map(
                outage -> {
                  Map<String, Object> details = new LinkedHashMap<>();
                  details.put("since", outage.since().toString());
                  details.put("cause", outage.cause());
                  return Health.down().withDetails(details).build();
                })
            .orElseGet(() -> Health.up().build());
  }

  /** Whether the URL names a database reached over the network (not H2 in this process). */
  static boolean networked(String url) {
    return url != null && !(url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:"));
  }
}
