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
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The connection pool, with {@link DatabaseAvailability}'s breaker in front of it when the database
 * is on the network (the embedded one is in this process: it cannot be out of reach, and its
 * store's own failures are answered elsewhere), the embedded database's files ({@link
 * EmbeddedDatabaseFiles}) and the clock of every time stored. Public, with what it needs imported,
 * for the {@code agents} command line's context, which holds this and the agent classes only.
 */
@Configuration(proxyBeanMethods = false)
@Import(EmbeddedDatabaseFiles.class)
public class DatabaseConfig {

  @Bean
  Clock clock() {
    return new MicrosecondClock();
  }

  @Bean
  DatabaseAvailability databaseAvailability(Clock clock, DataSourceProperties properties) {
    return new DatabaseAvailability(clock, networked(properties.determineUrl()));
  }

  /**
   * Spring Boot's own HikariCP data source (DataSourceConfiguration.Hikari: the same builder, and
   * the {@code spring.datasource.hikari.*} properties bound to it), of the class that adds the
   * breaker.
   */
  @Bean
  EmbeddedStore embeddedStore(DataSourceProperties properties) {
    return EmbeddedDatabaseFiles.databaseFile(properties.determineUrl())
        .map(file -> EmbeddedStore.in(file.toAbsolutePath().getParent()))
        .orElse(EmbeddedStore.none());
  }

  @Bean
  @ConfigurationProperties("spring.datasource.hikari")
  FailFastDataSource dataSource(
      DataSourceProperties properties, DatabaseAvailability availability, EmbeddedStore store) {
    FailFastDataSource pool =
        properties.initializeDataSourceBuilder().type(FailFastDataSource.class).build();
    if (networked(properties.determineUrl())) {
      pool.guard(availability);
    } else if (store != EmbeddedStore.none()) {
      store.watch(pool);
    }
    return pool;
  }

  @Bean
  @ConditionalOnWebApplication
  @Conditional(Networked.class)
  DatabaseProbe databaseProbe(
      FailFastDataSource dataSource,
      DatabaseAvailability availability,
      ApplicationEventPublisher events) {
    return new DatabaseProbe(dataSource, availability, events);
  }

  @Bean
  @ConditionalOnWebApplication
  @Conditional(EmbeddedFile.class)
  EmbeddedStoreProbe embeddedStoreProbe(EmbeddedStore store, AvailkitProperties properties) {
    return new EmbeddedStoreProbe(store, properties.diskCheck());
  }

  /**
   * {@code embeddedDatabase}: DOWN while the embedded database's directory cannot take a write
   * (reads are still answered). Not in the readiness group: another instance could not serve this
   * one's embedded database either.
   */
  @Bean
  @Conditional(EmbeddedFile.class)
  HealthIndicator embeddedDatabaseHealthIndicator(EmbeddedStore store) {
    return () ->
        store
            .problem()
            .map(problem -> Health.down().withDetail("cause", problem).build())
            .orElseGet(
                () -> Health.up().withDetail("directory", store.directory().toString()).build());
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

  private static String url(ConditionContext context) {
    return context.getEnvironment().getProperty("spring.datasource.url");
  }

  /** The database is on the network. */
  static final class Networked implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return networked(url(context));
    }
  }

  /** The database is an embedded H2 file. */
  static final class EmbeddedFile implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return EmbeddedDatabaseFiles.databaseFile(url(context)).isPresent();
    }
  }

  /** Whether the URL names a database reached over the network (not H2 in this process). */
  static boolean networked(String url) {
    return url != null && !(url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:"));
  }
}
