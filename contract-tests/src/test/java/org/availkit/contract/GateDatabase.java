package org.availkit.contract;

import java.util.Locale;
import org.springframework.test.context.ActiveProfilesResolver;

/**
 * The database the contract gate's server runs on: an in-memory H2 by default, PostgreSQL with
 * {@code ./mvnw verify -Ppostgres}, whose failsafe run sets {@value #PROPERTY}{@code =postgres}.
 *
 * <p>As Spring profiles of the server: {@code gate} (the test resource {@code
 * application-gate.yml}: an in-memory H2 at {@code availkit.gate.h2-url}, the toolkit's {@code
 * TestDatabase} URL), then, on PostgreSQL, the server's own {@code postgres} profile ({@code
 * application-postgres.yml}, the {@code AVAILKIT_DB_*} variables). The later profile wins, so its
 * URL replaces the H2 one: the gate's server reaches PostgreSQL exactly as a deployed server does.
 * The URL is not an inline property of {@code @SpringBootTest}: inline properties outrank every
 * profile's file, and the gate stayed on H2 whatever the build asked for.
 */
public final class GateDatabase implements ActiveProfilesResolver {

  /** The system property that names the database: {@code h2} (the default) or {@code postgres}. */
  public static final String PROPERTY = "availkit.gate.database";

  @Override
  public String[] resolve(Class<?> testClass) {
    return postgres() ? new String[] {"gate", "postgres"} : new String[] {"gate"};
  }

  /** Whether the build asked for PostgreSQL; anything but the two names is a mistake, not H2. */
  public static boolean postgres() {
    String name = System.getProperty(PROPERTY, "h2").strip().toLowerCase(Locale.ROOT);
    return switch (name) {
      case "h2", "" -> false;
      case "postgres" -> true;
      default ->
          throw new IllegalStateException(PROPERTY + " is 'h2' or 'postgres', not '" + name + "'");
    };
  }
}
